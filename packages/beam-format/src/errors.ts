/**
 * Every failure to read `.beam` or ETF bytes is a `BeamFormatError`: a stable code,
 * the absolute byte offset in the input where the problem was found, and the chunk
 * it was found in (when there is one). Nothing else is ever thrown for bad input.
 */
export type BeamFormatErrorCode =
  | 'truncated' // input ends before a structure it announces
  | 'bad_magic' // not FOR1/BEAM, not gzip
  | 'bad_chunk' // chunk header or layout inconsistent
  | 'missing_chunk' // a required chunk is absent
  | 'bad_compact_term' // compact term encoding not decodable
  | 'unknown_opcode'
  | 'bad_operand' // operand of the wrong tag or out of range for its table
  | 'bad_index' // an index into the atom/import/literal/fun/line/type table out of range
  | 'bad_etf' // ETF bytes not decodable
  | 'unknown_etf_tag'
  | 'limit_exceeded' // a size, count or depth beyond the configured limits
  | 'inflate_failed' // zlib/gzip data corrupt
  | 'unsupported'; // well-formed but a version or feature this library refuses

export class BeamFormatError extends Error {
  override readonly name = 'BeamFormatError';
  constructor(
    readonly code: BeamFormatErrorCode,
    readonly detail: string,
    /** Absolute byte offset in the input given to the top-level call. */
    readonly offset: number,
    /** Chunk id such as `LitT`, or undefined outside any chunk. */
    readonly chunk?: string,
  ) {
    super(`${chunk ? `${chunk} chunk: ` : ''}${detail} (${code} at byte ${offset})`);
  }
}
