/** Failures of the host API itself (not Erlang exceptions, which are ErlangError). */
export type RuntimeErrorCode =
  | 'bad_options' // RuntimeOptions out of range
  | 'scheduler_failed' // a scheduler thread could not start (its executor module failed)
  | 'stopped' // the runtime was used after stop()
  | 'load_failed' // a module did not load (the LoadError is the cause)
  | 'not_found'; // a module is not on the code path

export class RuntimeError extends Error {
  override readonly name = 'RuntimeError';
  constructor(
    readonly code: RuntimeErrorCode,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`${detail} (${code})`, options);
  }
}
