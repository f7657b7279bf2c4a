/**
 * The `run-on-load` wait (loader-core's completeOnLoad): run a freshly installed module's
 * on_load function in a fresh process and answer whether it returned `ok`.
 *
 * The runner starts AT the on_load function's first instruction (PCB_PC = the entry,
 * not an export: the function is usually not exported, and the module's exports still
 * point at the old code while its on_load is pending; its local calls reach the pending
 * code). Its continuation is `beamload_on_load:returned/1` (a preloaded module of ours),
 * so that when the on_load function returns, its value arrives there in x0 and is
 * reported with `beamload_code:on_load_returned/1`. If the function raises, the runner
 * dies without reporting, which is a failure too. The loading process polls (it is
 * re-woken every scheduler turn, like a thread-progress waiter) until the runner has
 * reported or is gone.
 */

import { ATOM_UNDEFINED, makeAtom } from '@beamload/terms';
import type { Loader, OnLoadAnswer } from '@beamload/loader-core';
import { PCB_INTERPRETER_0, PCB_PC, type Process } from '../process/process.js';
import type { CodeServer } from './code-server.js';
import { ON_LOAD_FAILED, ON_LOAD_OK, ON_LOAD_RUNNING } from './code-server.js';
import { lookupProcess } from './process-table.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';
import { spawnProcess } from './spawn.js';

/** Where the interpreter keeps a process's continuation pointer (interpreter.ts's PCB_CONTINUATION). */
const PCB_CONTINUATION = PCB_INTERPRETER_0;

/** The module and function the runner returns into. */
export const ON_LOAD_RETURN_MODULE = 'beamload_on_load';
export const ON_LOAD_RETURN_FUNCTION = 'returned';

export interface OnLoadRunState {
  /** Pid of the runner, 0 before it is spawned. */
  runner: number;
}

export interface OnLoadRunEnvironment {
  readonly view: RuntimeMemoryView;
  readonly loader: Loader;
  readonly codeServer: CodeServer;
  readonly schedulerId: number;
}

/**
 * One poll of the wait: spawns the runner the first time, then returns the answer once
 * the runner has reported or exited (null while it still runs). `caller` is the loading
 * process, or null for the host thread (a host load of a module with -on_load).
 */
export function pollOnLoadRun(environment: OnLoadRunEnvironment, caller: Process | null, state: OnLoadRunState, module: string, entry: number): OnLoadAnswer | null {
  const { view, loader, codeServer } = environment;
  if (state.runner === 0) {
    let continuation = 0;
    try {
      continuation = loader.resolveCall(ON_LOAD_RETURN_MODULE, ON_LOAD_RETURN_FUNCTION, 1).address;
    } catch {
      return { ok: false, detail: `${ON_LOAD_RETURN_MODULE} is not loaded` };
    }
    const moduleAtom = loader.atomWord(module);
    let registered = true;
    state.runner = spawnProcess(view, {
      // What process_info(current_function) shows before the first slice.
      module: moduleAtom,
      function: makeAtom(ATOM_UNDEFINED),
      args: [],
      parent: caller?.pid,
      scheduler: environment.schedulerId,
      beforeStart: (runner) => {
        runner.set(PCB_PC, entry);
        runner.set(PCB_CONTINUATION, continuation);
        registered = codeServer.startOnLoad(runner.pid, moduleAtom, caller?.pid ?? 0);
      },
    });
    if (!registered) return { ok: false, detail: 'too many on_load functions running' };
    return null;
  }
  // Liveness before outcome: the runner reports, then exits, possibly on the other
  // scheduler between our two reads. Read the other way round, a runner that reported
  // ok right after we read RUNNING would look like one that died without reporting.
  const alive = lookupProcess(view, state.runner) !== null;
  const outcome = codeServer.onLoadOutcome(state.runner);
  if (outcome === ON_LOAD_RUNNING && alive) return null;
  codeServer.endOnLoad(state.runner);
  if (outcome === ON_LOAD_OK) return { ok: true };
  return { ok: false, detail: outcome === ON_LOAD_FAILED ? 'it did not return ok' : 'it raised an exception' };
}
