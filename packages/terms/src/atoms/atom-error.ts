/**
 * Every failure of the atom table is an `AtomError`: a stable code and an offset (the
 * character or byte position in the offending name, the atom index, or -1).
 */
export type AtomErrorCode =
  | 'atom_too_long' // more than 255 characters (OTP raises system_limit for this)
  | 'system_limit' // the table holds maxAtoms atoms already
  | 'invalid_name' // not a sequence of Unicode code points (lone surrogate, malformed UTF-8)
  | 'bad_index' // nameOf() an index that is no atom
  | 'bad_descriptor' // attach() to a word that is no atom table
  | 'bad_options'; // create() options out of range

export class AtomError extends Error {
  override readonly name = 'AtomError';
  constructor(
    readonly code: AtomErrorCode,
    readonly detail: string,
    /** Position in the name (UTF-16 unit for strings, byte for byte input), the atom index, or -1. */
    readonly offset: number = -1,
  ) {
    super(`${detail} (${code}${offset >= 0 ? ` at ${offset}` : ''})`);
  }
}
