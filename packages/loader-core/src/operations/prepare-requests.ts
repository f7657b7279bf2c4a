import { LoadError } from '../errors.js';
import type { LoadContext, LoadRequest, PrepareResult, SystemTask } from '../load-strategy.js';
import type { PreparedModule } from '../prepared-module.js';
import { inflateLiteralsOffThread } from '../literal-inflation.js';

export interface PrepareRequestsOptions {
  /**
   * `inline`: each module prepared in one go (OTP 25's prepare_loading), with a turn
   * given back between modules. `sliced`: bounded slices (batches of instructions
   * decoded or transformed, of literals sized or decoded), yielding `prepare-slice`
   * between them, so the caller's scheduler keeps serving others.
   */
  readonly mode?: 'inline' | 'sliced';
  /** Literal words decoded per slice in `sliced` mode. */
  readonly sliceWords?: number;
  /** Instructions decoded, or transformed, per slice in `sliced` mode. */
  readonly sliceInstructions?: number;
  /**
   * Inflate LitT on libuv's thread pool first (`inflateLiteralsOffThread`), the loading
   * process yielding `prepare-slice` until it is done.
   */
  readonly inflateOffThread?: boolean;
}

export type PrepareRequestsResult =
  | { readonly ok: true; readonly prepared: PreparedModule[] }
  | { readonly ok: false; readonly error: LoadError };

/**
 * Prepares every request, in order, for any strategy. On the first failure it frees the
 * modules already prepared and returns the error (a `badfile` naming the module), so a
 * failed multi-module load leaves nothing behind. Abandoning the generator frees them too.
 */
export function* prepareRequests(
  context: LoadContext,
  requests: readonly LoadRequest[],
  options: PrepareRequestsOptions = {},
): SystemTask<PrepareRequestsResult> {
  const { loader } = context;
  const prepared: PreparedModule[] = [];
  let complete = false;
  try {
    for (const request of requests) {
      try {
        let inflatedLiterals: Uint8Array | undefined;
        if (options.inflateOffThread) {
          const inflation = inflateLiteralsOffThread(request.bytes);
          while (!inflation.done) yield { kind: 'prepare-slice' };
          if (inflation.error !== undefined) return { ok: false, error: inflation.error };
          inflatedLiterals = inflation.table;
        }
        if (options.mode === 'sliced') {
          prepared.push(
            yield* loader.prepareInSlices(request.bytes, {
              module: request.module,
              sliceWords: options.sliceWords,
              sliceInstructions: options.sliceInstructions,
              inflatedLiterals,
            }),
          );
        } else {
          prepared.push(loader.prepare(request.bytes, { module: request.module, inflatedLiterals }));
          yield { kind: 'prepare-slice' };
        }
      } catch (error) {
        if (error instanceof LoadError) return { ok: false, error };
        throw error;
      }
    }
    complete = true;
    return { ok: true, prepared };
  } finally {
    if (!complete) for (const module of prepared) loader.discard(module);
  }
}

/**
 * Prepares one request for a strategy's prepare step: the same work as
 * `prepareRequests` for a single module, returning the module or the error (nothing
 * left behind on failure).
 */
export function* prepareRequest(context: LoadContext, request: LoadRequest, options: PrepareRequestsOptions = {}): SystemTask<PrepareResult> {
  const result = yield* prepareRequests(context, [request], options);
  return result.ok ? { ok: true, prepared: result.prepared[0] } : result;
}
