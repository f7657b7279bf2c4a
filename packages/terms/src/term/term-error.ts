/**
 * Failures of term operations on well-formed memory used wrongly: a heap block too
 * small for what is written into it, a value that has no term form, a word that is not
 * a term. ETF input errors are `BeamFormatError`s (see etf/), like beam-format's codec.
 */
export type TermErrorCode =
  | 'heap_full' // a HeapWriter was asked for more words than its block has left
  | 'not_a_term' // a word that is no valid term (a header, a catch, a non-value)
  | 'bad_value' // a JS value with no Erlang term form (NaN, an unknown object)
  | 'limit_exceeded' // a size beyond what the layout can hold (e.g. a binary over 512 MiB bit size)
  | 'duplicate_key'; // a map built with the same key twice

export class TermError extends Error {
  override readonly name = 'TermError';
  constructor(
    readonly code: TermErrorCode,
    readonly detail: string,
    /** Word index the failure concerns, or -1. */
    readonly offset: number = -1,
  ) {
    super(`${detail} (${code}${offset >= 0 ? ` at word ${offset}` : ''})`);
  }
}
