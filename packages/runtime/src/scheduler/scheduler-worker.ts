/**
 * Entry of a scheduler thread (built to dist/scheduler-worker.js). Attaches the arena,
 * the atom table and the runtime memory, builds the slice executor from the configured
 * module, tells the host it is ready, and runs the scheduler loop until the runtime stops.
 * Results of host calls go back as 'exit' messages pointing at an arena block the host
 * reads and frees.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { Arena, AtomTable, ATOM_EXIT_CLASS, ATOM_NORMAL, makeAtom, NIL } from '@beamload/terms';
import { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import { Scheduler, type SliceExecutor } from './scheduler.js';
import type { SchedulerMessage, SchedulerWorkerData, SliceExecutorModule } from './scheduler-environment.js';
import { PCB_EXCEPTION_CLASS, PCB_EXCEPTION_REASON, PCB_EXCEPTION_TRACE, PCB_HOST_CALL } from '../process/process.js';
import { HEADER_TUPLE, HeapWriter, copyTerm, createTermStore, flatSize, makeBoxed, makeHeader } from '@beamload/terms';
import { crashReasonTerm } from './crash-reason.js';
import { resolveLoadStrategy } from '../host/load-strategy-choice.js';
import { CodeServer } from '../system/code-server.js';
import { SliceTrace } from './slice-trace.js';

const data = workerData as SchedulerWorkerData;
const port = parentPort!;
const NORMAL = makeAtom(ATOM_NORMAL);
const EXIT_CLASS = makeAtom(ATOM_EXIT_CLASS);

function post(message: SchedulerMessage): void {
  port.postMessage(message);
}

async function main(): Promise<void> {
  const arena = Arena.attach(data.arenaBuffer);
  const atoms = AtomTable.attach(arena, data.atomTableRoot);
  const store = createTermStore(arena, atoms);
  const view = new RuntimeMemoryView(data.runtimeBuffer, data.maxProcesses, store);
  let executor: SliceExecutor | null = null;
  const scheduler: Scheduler = new Scheduler(
    view,
    arena,
    data.schedulerId,
    {
      executeSlice: (context, budget) => executor!.executeSlice(context, budget),
    },
    {
      onSafePoint: undefined,
      crashReason: (error) => crashReasonTerm(atoms, error),
      onExit: (process, context, reason) => {
        const hostCall = process.get(PCB_HOST_CALL);
        if (hostCall === 0) return;
        const normal = reason === NORMAL;
        // Normal: the value the initial call returned (x0). Otherwise {Class, Reason, Trace}.
        let term: number;
        let spare = 0;
        if (normal) {
          term = context.x[0];
        } else {
          term = NIL;
          spare = 4;
        }
        const parts = normal
          ? [term]
          : process.get(PCB_EXCEPTION_CLASS) === NIL
            ? // Killed by an exit signal (a linked process died, exit/2): no exception of its own.
              [EXIT_CLASS, reason, NIL]
            : [process.get(PCB_EXCEPTION_CLASS), process.get(PCB_EXCEPTION_REASON) === NIL ? reason : process.get(PCB_EXCEPTION_REASON), process.get(PCB_EXCEPTION_TRACE)];
        let size = spare;
        for (const part of parts) size += flatSize(store, part);
        const block = arena.alloc(Math.max(size, 2), 'message');
        const writer = new HeapWriter(arena, block, block + size);
        const copies = parts.map((part) => copyTerm(store, part, writer));
        if (!normal) {
          const at = writer.top;
          arena.i32[at] = makeHeader(HEADER_TUPLE, 3);
          arena.i32.set(copies, at + 1);
          term = makeBoxed(at);
        } else {
          term = copies[0];
        }
        post({ kind: 'exit', hostCall, pid: process.pid, normal, block, term });
      },
    },
  );
  scheduler.loadStrategy = await resolveLoadStrategy(data.loadStrategy);
  if (data.codeServerBlock !== 0) scheduler.codeServer = new CodeServer(arena, data.codeServerBlock, data.codePath);
  const trace = data.traceBuffer === null ? null : new SliceTrace(data.traceBuffer);
  scheduler.trace = trace;
  scheduler.context.trace = trace;
  const executorModule = (await import(data.executorModule)) as SliceExecutorModule;
  executor = await executorModule.createSliceExecutor({
    schedulerId: data.schedulerId,
    view,
    arena,
    atoms,
    loaderRoot: data.loaderRoot,
    services: scheduler.services,
    system: scheduler.system,
    options: data.executorOptions,
    scheduler,
    output: (text) => post({ kind: 'output', text }),
    attachLoader: (loader) => {
      scheduler.loader = loader;
    },
  });
  post({ kind: 'ready', schedulerId: data.schedulerId });
  scheduler.run();
  trace?.close();
}

main().catch((error: unknown) => {
  post({ kind: 'failed', schedulerId: data.schedulerId, message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
