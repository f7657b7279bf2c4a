import pako from 'pako';
import { BeamFormatError } from './errors.js';
import { defaultZlibEngine, nodeZlib, type ZlibEngine } from './zlib-engine.js';

export interface InflateOptions {
  /** Refuse (`limit_exceeded`) when the claimed or actual output is larger. */
  maxBytes: number;
  /** Absolute offset of `data` in the caller's input, for error offsets. */
  baseOffset?: number;
  /** Chunk id for errors, e.g. `LitT`. */
  chunk?: string;
  /** Force an implementation; the default is `node:zlib` when present, else pako. */
  engine?: ZlibEngine;
}

export const DEFAULT_MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/**
 * Inflates a zlib (RFC 1950) stream, as found in LitT and compressed ETF (131 80).
 * When `expectedSize` is given the output must be exactly that long, and it is checked
 * against `maxBytes` before any work; output is capped while inflating either way, so a
 * small input that expands without bound is stopped at the limit.
 */
export function inflate(
  data: Uint8Array,
  expectedSize: number | undefined,
  options: InflateOptions = { maxBytes: DEFAULT_MAX_INFLATED_BYTES },
): Uint8Array {
  const base = options.baseOffset ?? 0;
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  if (expectedSize !== undefined && expectedSize > maxBytes) {
    throw new BeamFormatError(
      'limit_exceeded',
      `compressed data claims ${expectedSize} bytes, more than the limit of ${maxBytes}`,
      base,
      options.chunk,
    );
  }
  const cap = expectedSize ?? maxBytes;
  const output = runInflate('zlib', data, cap, base, options, expectedSize);
  if (expectedSize !== undefined && output.length !== expectedSize) {
    throw new BeamFormatError(
      'inflate_failed',
      `inflated to ${output.length} bytes, but ${expectedSize} were claimed`,
      base,
      options.chunk,
    );
  }
  return output;
}

/** Un-gzips a whole `.beam` file as `erlc +compressed` writes it. */
export function gunzip(data: Uint8Array, options: InflateOptions = { maxBytes: DEFAULT_MAX_INFLATED_BYTES }): Uint8Array {
  const base = options.baseOffset ?? 0;
  if (data.length < 2 || data[0] !== 0x1f || data[1] !== 0x8b) {
    throw new BeamFormatError('bad_magic', 'not gzip data (no 1F 8B)', base, options.chunk);
  }
  return runInflate('gzip', data, options.maxBytes ?? DEFAULT_MAX_INFLATED_BYTES, base, options);
}

type Wrapper = 'zlib' | 'gzip';

function runInflate(wrapper: Wrapper, data: Uint8Array, cap: number, base: number, options: InflateOptions, expectedSize?: number): Uint8Array {
  const engine = options.engine ?? defaultZlibEngine();
  return engine === 'node'
    ? inflateWithNode(wrapper, data, cap, base, options.chunk, expectedSize)
    : inflateWithPako(wrapper, data, cap, base, options.chunk);
}

/** zlib cannot expand by more than about 1032:1: no output buffer needs to be larger than that. */
const MAX_ZLIB_EXPANSION = 1032;
/** node:zlib's smallest chunk size. */
const MIN_NODE_CHUNK = 64;

function inflateWithNode(wrapper: Wrapper, data: Uint8Array, cap: number, base: number, chunk?: string, expectedSize?: number): Uint8Array {
  const zlib = nodeZlib();
  if (zlib === undefined) {
    throw new BeamFormatError('unsupported', 'node:zlib is not available in this host', base, chunk);
  }
  // maxOutputLength makes zlib stop as soon as the output would pass the cap; +1 so
  // that "exactly cap bytes" is accepted and "more than cap" is detected. With a claimed
  // size, one output buffer of that size (+1, bounded by what the input can expand to):
  // the default 16 KiB chunks made a 5 MB literal table 300 pieces, then a copy.
  const options: { maxOutputLength: number; chunkSize?: number } = { maxOutputLength: Math.min(cap + 1, 0x7fffffff) };
  if (expectedSize !== undefined) {
    options.chunkSize = Math.max(MIN_NODE_CHUNK, Math.min(expectedSize + 1, data.length * MAX_ZLIB_EXPANSION + 1024, 0x7fffffff));
  }
  let output: Uint8Array;
  try {
    output = wrapper === 'zlib' ? zlib.inflateSync(data, options) : zlib.gunzipSync(data, options);
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(cap, base, chunk);
    throw new BeamFormatError('inflate_failed', `${wrapper} data corrupt: ${(error as Error).message}`, base, chunk);
  }
  if (output.length > cap) throw tooLarge(cap, base, chunk);
  return output;
}

/** Thrown from pako's onData callback to stop inflating at the cap. */
class OutputCapReached extends Error {}

function inflateWithPako(wrapper: Wrapper, data: Uint8Array, cap: number, base: number, chunk?: string): Uint8Array {
  // Chunks big enough that a table of a few MB needs few copies, small enough that a
  // hostile claim does not reserve memory the input cannot fill.
  const chunkSize = Math.max(16 * 1024, Math.min(cap + 1, 4 * 1024 * 1024, data.length * 8 + 1024));
  const inflater = new pako.Inflate({ chunkSize, windowBits: wrapper === 'zlib' ? 15 : 15 + 16 });
  const pieces: Uint8Array[] = [];
  let total = 0;
  inflater.onData = (piece: Uint8Array) => {
    total += piece.length;
    if (total > cap) throw new OutputCapReached();
    pieces.push(piece);
  };
  // pako calls onEnd with Z_OK (0) only when it reached the end of the stream; a
  // truncated input just runs out without it.
  let reachedEnd = false;
  inflater.onEnd = (status: number) => {
    reachedEnd = status === 0;
  };
  try {
    inflater.push(data, true);
  } catch (error) {
    if (error instanceof OutputCapReached) throw tooLarge(cap, base, chunk);
    throw new BeamFormatError('inflate_failed', `${wrapper} data corrupt: ${(error as Error).message}`, base, chunk);
  }
  if (inflater.err !== 0) {
    throw new BeamFormatError('inflate_failed', `${wrapper} data corrupt: ${inflater.msg}`, base, chunk);
  }
  if (!reachedEnd) {
    throw new BeamFormatError('inflate_failed', `${wrapper} stream ends early`, base, chunk);
  }
  if (pieces.length === 1) return pieces[0]!;
  const output = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    output.set(piece, at);
    at += piece.length;
  }
  return output;
}

function tooLarge(cap: number, base: number, chunk?: string): BeamFormatError {
  return new BeamFormatError('limit_exceeded', `inflated data exceeds ${cap} bytes`, base, chunk);
}
