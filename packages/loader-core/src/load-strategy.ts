import type { LoadError } from './errors.js';
import type { Loader } from './loader.js';
import type { PreparedModule } from './prepared-module.js';
import type { SystemControl, Wait, WaitAnswer } from './system-control.js';

/** One module to load: its `.beam` bytes, and the name the caller expects (checked when given). */
export interface LoadRequest {
  readonly bytes: Uint8Array;
  readonly module?: string;
}

export type LoadResult =
  | { readonly ok: true; readonly modules: readonly string[] }
  | { readonly ok: false; readonly error: LoadError };

/** What a prepare step ends with: a module prepared (owned by the caller), or why not (nothing left behind). */
export type PrepareResult =
  | { readonly ok: true; readonly prepared: PreparedModule }
  | { readonly ok: false; readonly error: LoadError };

/** What a strategy runs with: loader-core's primitives over the shared tables, and the system. */
export interface LoadContext {
  readonly loader: Loader;
  readonly system: SystemControl;
}

/** A generator that yields what it waits for and returns `T`. */
export type SystemTask<T> = Generator<Wait, T, WaitAnswer>;

/**
 * A loading strategy: the order in which it uses loader-core's primitives, in two steps
 * as ERTS's `erlang:prepare_loading/2` and `erlang:finish_loading/1`:
 *
 * - `prepareModule`: verify and prepare one module (inflate, literals, code transform).
 *   The strategy decides where that work runs (inline on the caller's scheduler, in
 *   slices, or with the world stopped). It touches no code index. The result is owned by
 *   the caller: it either finishes it or `loader.discard`s it.
 * - `finishModules`: install prepared modules atomically (then run their on_load). A
 *   refusal found before anything changed (`duplicated`, `not_purged`,
 *   `on_load_not_allowed`, `pending_on_load`, a module already installed or discarded)
 *   leaves every prepared module prepared and still owned by the caller, as ERTS leaves
 *   the magic refs usable; once installed, a module belongs to the tables.
 * - `loadModules`: prepare each request, then finish them all; whatever it prepared and
 *   did not install is discarded (`loadThroughSteps`).
 *
 * Rules every strategy keeps (the testkit's conformance suite checks them):
 * - Every write to the shared tables (install, staging, purge, delete) happens while the
 *   caller holds the code-write permission; with it, either the system is blocked
 *   (writes may go to the active index) or a staging is open (writes go to the staging
 *   index, published by one commit).
 * - After a commit, the strategy waits for thread progress before it releases the
 *   permission, so that no scheduler still reads the index the next staging reuses.
 * - A multi-module request is all-or-nothing: every check (`duplicated`, `not_purged`,
 *   `on_load_not_allowed`, `badfile`) is done before any table changes, and all modules
 *   are published at once.
 * - A failed request changes nothing and frees what it prepared.
 */
export interface LoadStrategy {
  readonly name: string;
  prepareModule(context: LoadContext, request: LoadRequest): SystemTask<PrepareResult>;
  finishModules(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult>;
  loadModules(context: LoadContext, requests: readonly LoadRequest[]): SystemTask<LoadResult>;
}

/** The two steps a strategy writes; `defineLoadStrategy` derives `loadModules` from them. */
export interface LoadStrategySteps {
  readonly name: string;
  prepareModule(context: LoadContext, request: LoadRequest): SystemTask<PrepareResult>;
  finishModules(context: LoadContext, prepared: readonly PreparedModule[]): SystemTask<LoadResult>;
}
