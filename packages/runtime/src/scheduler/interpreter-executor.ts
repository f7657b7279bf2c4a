/**
 * The default slice executor module (dist/interpreter-executor.js): the interpreter over
 * loader-core's tables attached in this thread, with the data BIFs and the process BIFs.
 * Program output goes to the host thread, which writes it in arrival order.
 */

import { Loader } from '@beamload/loader-core';
import { createInterpreter } from '../interpreter/interpreter.js';
import { createInterpreterSystem } from '../interpreter/interpreter-system.js';
import { createRuntimeBifRegistry } from '../bifs/process/runtime-bif-registry.js';
import type { SchedulerEnvironment } from './scheduler-environment.js';
import type { SliceExecutor } from './scheduler.js';

export function createSliceExecutor(environment: SchedulerEnvironment): SliceExecutor {
  if (environment.loaderRoot === 0) throw new Error('the interpreter needs loader-core tables (loaderRoot is 0)');
  const bifs = createRuntimeBifRegistry();
  const loader = Loader.attach(environment.arena, environment.loaderRoot, environment.atoms, bifs);
  const system = createInterpreterSystem({
    store: environment.view.store,
    loader,
    bifs,
    writeOutput: (text) => environment.output(text),
  });
  environment.attachLoader(loader, system);
  const executeSlice = createInterpreter(system);
  return { executeSlice };
}
