/** The fields of `@beamload/beam-format`'s `BeamFormatError` (and of `@beamload/terms`' decode errors) that a `badfile` carries on. */
export interface FormatErrorLike {
  readonly code: string;
  readonly detail: string;
  readonly offset: number;
  readonly chunk?: string;
}

/**
 * Every refusal of loader-core is a `LoadError` with a stable code. The codes are the
 * reasons ERTS and the code server give, so the runtime's BIFs can return them as atoms
 * (`{error, badfile}`, `{not_purged, [M]}`...).
 */
export type LoadErrorCode =
  | 'badfile' // the bytes are not a loadable module (detail, offset and chunk say why)
  | 'not_purged' // the module has old code: purge it first
  | 'duplicated' // the same module twice in one atomic load
  | 'on_load_not_allowed' // an atomic load of several modules includes an on_load module
  | 'pending_on_load' // the module's previous on_load has not finished
  | 'on_load_failure' // the on_load function did not return ok: the new code was dropped
  | 'not_loaded' // no such module (delete_module, purge, on_load completion)
  | 'no_old_code' // purge asked for a module that has no old code
  | 'system_limit' // a shared table is full
  | 'permission' // a table write without the code-write permission (a strategy bug)
  | 'undef'; // a call to a function that is not loaded

export class LoadError extends Error {
  override readonly name = 'LoadError';
  constructor(
    readonly code: LoadErrorCode,
    readonly detail: string,
    /** Byte offset in the module's bytes, for `badfile`; -1 when it does not apply. */
    readonly offset: number = -1,
    /** Chunk id for `badfile` (`LitT`, `Code`...). */
    readonly chunk?: string,
    /** Module names concerned (atomic loads name every module that failed the check). */
    readonly modules: readonly string[] = [],
  ) {
    super(`${code}: ${chunk ? `${chunk} chunk: ` : ''}${detail}${offset >= 0 ? ` at byte ${offset}` : ''}`);
  }

  /** A `badfile` carrying the format error's code, offset and chunk. */
  static fromFormatError(error: FormatErrorLike, module?: string): LoadError {
    return new LoadError('badfile', `${error.code}: ${error.detail}`, error.offset, error.chunk, module ? [module] : []);
  }
}
