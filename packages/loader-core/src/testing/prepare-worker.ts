/**
 * Worker entry for the cross-thread test (test/threads.test.ts): attaches to the arena,
 * atom table and loader tables the main thread created, then prepares modules and
 * creates export entries concurrently with the other workers. Not part of the API.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Arena, AtomTable } from '@beamload/terms';
import { Loader } from '../loader.js';
import { NO_BIFS } from '../bif-registry.js';

interface PrepareWorkerData {
  readonly buffer: SharedArrayBuffer;
  readonly root: number;
  readonly atomTable: number;
  readonly modules: readonly Uint8Array[];
  readonly mfas: ReadonlyArray<readonly [string, string, number]>;
  readonly rounds: number;
}

const data = workerData as PrepareWorkerData;
const arena = Arena.attach(data.buffer);
const atoms = AtomTable.attach(arena, data.atomTable);
const loader = Loader.attach(arena, data.root, atoms, NO_BIFS);
const entries: number[] = [];
const prepared: Array<{ module: string; instance: number }> = [];
for (let round = 0; round < data.rounds; round++) {
  for (const [module, functionName, arity] of data.mfas) entries.push(loader.exportEntryAddress(module, functionName, arity));
  for (const bytes of data.modules) {
    const module = loader.prepare(bytes);
    prepared.push({ module: module.module, instance: module.instance });
  }
}
parentPort!.postMessage({ entries, prepared });
