import { inflate as zlibInflate } from 'node:zlib';
import { LiteralTable, readContainer } from '@beamload/beam-format';
import { LoadError } from './errors.js';

/**
 * Inflating LitT off the scheduler thread: node:zlib's asynchronous inflate runs on
 * libuv's thread pool, so a strategy can start it, let the loading process yield
 * (`prepare-slice`) until it is done, then prepare with the inflated table. The
 * scheduler never spends the inflate time (tens of milliseconds for a 50,000-entry
 * table) inside one slice.
 */
export interface LiteralInflation {
  /** True once the inflate finished (or was not needed). */
  readonly done: boolean;
  /** The inflated literal table (count word included), or undefined when LitT is absent or stored uncompressed. */
  readonly table: Uint8Array | undefined;
  /** Set when the bytes or the stream are bad: prepare would say the same. */
  readonly error: LoadError | undefined;
}

const LITT_HEADER_BYTES = 4;
/** zlib cannot expand by more than about 1032:1 (same bound as beam-format's inflate). */
const MAX_EXPANSION_RATIO = 1032;
const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

export function inflateLiteralsOffThread(bytes: Uint8Array): LiteralInflation {
  const state: { done: boolean; table: Uint8Array | undefined; error: LoadError | undefined } = {
    done: false,
    table: undefined,
    error: undefined,
  };
  let chunk;
  try {
    chunk = readContainer(bytes).chunks.find((candidate) => candidate.id === 'LitT');
  } catch {
    // prepare reports container errors with their offsets; nothing to inflate.
    state.done = true;
    return state;
  }
  if (chunk === undefined || chunk.data.length < LITT_HEADER_BYTES) {
    state.done = true;
    return state;
  }
  const data = chunk.data;
  const size = new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(0);
  if (size === 0) {
    state.done = true; // stored as is (OTP 28): nothing to inflate
    return state;
  }
  const streamOffset = chunk.dataOffset + LITT_HEADER_BYTES;
  if (size > Math.min(MAX_INFLATED_BYTES, (data.length - LITT_HEADER_BYTES) * MAX_EXPANSION_RATIO + 1024)) {
    state.error = new LoadError('badfile', `LitT claims ${size} inflated bytes from ${data.length - LITT_HEADER_BYTES} compressed ones`, chunk.dataOffset, 'LitT');
    state.done = true;
    return state;
  }
  zlibInflate(data.subarray(LITT_HEADER_BYTES), { maxOutputLength: size }, (error, result) => {
    if (error !== null) {
      state.error = new LoadError('badfile', `inflate_failed: ${error.message}`, streamOffset, 'LitT');
    } else if (result.length !== size) {
      state.error = new LoadError('badfile', `LitT inflates to ${result.length} bytes, its header says ${size}`, streamOffset, 'LitT');
    } else {
      state.table = new Uint8Array(result.buffer, result.byteOffset, result.byteLength);
    }
    state.done = true;
  });
  return state;
}

/** A LiteralTable over an already inflated table (u32 count, then count x (u32 size, ETF bytes)). */
export function literalTableFromInflated(table: Uint8Array, streamOffset: number): LiteralTable {
  const view = new DataView(table.buffer, table.byteOffset, table.byteLength);
  const fail = (detail: string): never => {
    throw new LoadError('badfile', `${detail} (in the inflated literal table)`, streamOffset, 'LitT');
  };
  if (table.length < 4) fail('no literal count');
  const count = view.getUint32(0);
  if (count > (table.length - 4) / 4) fail(`${count} literals cannot fit in ${table.length} bytes`);
  const offsets = new Uint32Array(count);
  const sizes = new Uint32Array(count);
  let position = 4;
  for (let index = 0; index < count; index++) {
    if (position + 4 > table.length) fail(`literal ${index} has no size word`);
    const size = view.getUint32(position);
    position += 4;
    if (size > table.length - position) fail(`literal ${index} of ${size} bytes runs past the table`);
    offsets[index] = position;
    sizes[index] = size;
    position += size;
  }
  return new LiteralTable(table, offsets, sizes, true, streamOffset, undefined);
}
