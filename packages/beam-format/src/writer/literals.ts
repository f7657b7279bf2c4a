import { deflate } from '../deflate.js';
import { encodeEtf } from '../etf/encode.js';
import type { Term } from '../term/values.js';
import { ByteSink } from './byte-sink.js';

export interface LiteralChunkOptions {
  /**
   * `true` (default, OTP <= 27): u32 UncompressedSize then a zlib stream at level 6, as
   * beam_asm writes it. `false`: u32 0 then the table stored as is (OTP 28).
   */
  compressed?: boolean;
}

/**
 * LitT data. The table is u32 Count, then per literal u32 Size and its ETF bytes,
 * encoded as beam_asm does: `term_to_binary(T, [{minor_version, 2}, deterministic])`.
 * `literals` may mix terms and ready ETF bytes (e.g. taken unchanged from a LiteralTable).
 */
export function encodeLiteralChunk(literals: ReadonlyArray<Term | { etf: Uint8Array }>, options: LiteralChunkOptions = {}): Uint8Array {
  const table = new ByteSink(64 + literals.length * 16);
  table.u32(literals.length);
  for (const literal of literals) {
    const etf = isRawEtf(literal) ? literal.etf : encodeEtf(literal, { minorVersion: 2, deterministic: true });
    table.u32(etf.length);
    table.bytes(etf);
  }
  const tableBytes = table.raw.subarray(0, table.length);
  const chunk = new ByteSink(8 + table.length);
  if (options.compressed === false) {
    chunk.u32(0);
    chunk.bytes(tableBytes);
  } else {
    chunk.u32(table.length);
    chunk.bytes(deflate(tableBytes, 6));
  }
  return chunk.toBytes();
}

function isRawEtf(literal: Term | { etf: Uint8Array }): literal is { etf: Uint8Array } {
  return typeof literal === 'object' && literal !== null && 'etf' in literal && literal.etf instanceof Uint8Array;
}
