/**
 * A module prepared by `prepare`: its code instance exists in the arena (code area,
 * literal area, export list), but no table refers to it yet. Plain data, so it may be
 * posted to another thread (the instance is shared memory).
 */
export interface PreparedModule {
  readonly module: string;
  /** Atom word of the module name. */
  readonly moduleAtom: number;
  /** Word index of the code instance header. */
  readonly instance: number;
  readonly hasOnLoad: boolean;
  /** beam_lib:md5/1 of the file. */
  readonly md5: Uint8Array;
  /** Words of the code area and of the literal blocks (for reports and benchmarks). */
  readonly codeWords: number;
  readonly literalWords: number;
}
