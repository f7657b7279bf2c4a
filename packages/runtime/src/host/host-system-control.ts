/**
 * The system-control contract for a strategy driven from the host thread (the host is
 * not a process: it waits with promises, and blocks the system like a blocker scheduler
 * would, holding no scheduler of its own).
 */

import type { SystemControl, SystemTask, Wait, WaitAnswer } from '@beamload/loader-core';
import { pollOnLoadRun, type OnLoadRunEnvironment, type OnLoadRunState } from '../system/on-load-run.js';
import { CONTROL_PERMISSION_HOLDER } from '../shared/runtime-memory.js';
import { HOST_PERMISSION_HOLDER, permissionHolder, releasePermission, takeOrQueuePermission } from '../system/code-permission.js';
import type { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import { blockSystemFromHost, releaseSystem } from '../system/system-block.js';
import { takeProgressStamp, threadProgressReached, type ProgressStamp } from '../system/thread-progress.js';
import { lookupProcess } from '../system/process-table.js';
import { PCB_COPY_LITERALS } from '../process/process.js';
import { wakeProcess } from '../system/wake.js';

interface HostState {
  blocked: boolean;
  stamps: Map<number, ProgressStamp>;
  nextStamp: number;
}

const states = new WeakMap<RuntimeMemoryView, HostState>();

function stateOf(view: RuntimeMemoryView): HostState {
  let state = states.get(view);
  if (state === undefined) {
    state = { blocked: false, stamps: new Map(), nextStamp: 1 };
    states.set(view, state);
  }
  return state;
}

export function hostSystemControl(view: RuntimeMemoryView): SystemControl {
  const state = stateOf(view);
  return {
    get schedulerCount() {
      return view.schedulerCount;
    },
    currentScheduler: () => -1,
    threadProgressStamp: () => {
      const key = state.nextStamp++;
      state.stamps.set(key, takeProgressStamp(view));
      return key;
    },
    holdsPermission: () => permissionHolder(view) === HOST_PERMISSION_HOLDER,
    releasePermission: () => {
      const next = releasePermission(view, HOST_PERMISSION_HOLDER);
      if (next !== 0) {
        const process = lookupProcess(view, next);
        if (process !== null) wakeProcess(view, process);
      }
    },
    holdsSystemBlock: () => state.blocked,
    releaseSystem: () => {
      if (!state.blocked) return;
      state.blocked = false;
      releaseSystem(view);
    },
  };
}

/** Atomics.waitAsync (Node 20 has it; the ES2023 lib typings do not). */
const waitAsync = (Atomics as unknown as {
  waitAsync(array: Int32Array, index: number, value: number, timeout: number): { async: boolean; value: Promise<string> | string };
}).waitAsync;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function satisfy(view: RuntimeMemoryView, wait: Wait, onLoad: HostOnLoadRunner | undefined): Promise<WaitAnswer> {
  const state = stateOf(view);
  switch (wait.kind) {
    case 'permission':
      while (!takeOrQueuePermission(view, HOST_PERMISSION_HOLDER)) {
        const holder = Atomics.load(view.memory, CONTROL_PERMISSION_HOLDER);
        if (holder === HOST_PERMISSION_HOLDER) return;
        const result = waitAsync(view.memory, CONTROL_PERMISSION_HOLDER, holder, 50);
        if (result.async) await result.value;
      }
      return;
    case 'block-system':
      blockSystemFromHost(view);
      state.blocked = true;
      return;
    case 'thread-progress': {
      const stamp = state.stamps.get(wait.after);
      state.stamps.delete(wait.after);
      if (stamp === undefined) return;
      while (!threadProgressReached(view, stamp, -1)) await nextTurn();
      return;
    }
    case 'prepare-slice':
      await nextTurn();
      return;
    case 'copy-literals': {
      // Every process copies what it references in the instance's literal blocks (at its
      // next slice, as for a process that purges); the host holds none.
      const pending = new Set<number>();
      for (let slot = 0; slot < view.layout.maxProcesses; slot++) {
        const target = view.processAt(slot);
        if (target.pid === 0 || lookupProcess(view, target.pid) === null) continue;
        Atomics.store(view.memory, target.base + PCB_COPY_LITERALS, wait.instance);
        pending.add(target.pid);
        wakeProcess(view, target);
      }
      while (pending.size > 0) {
        for (const pid of pending) {
          const target = lookupProcess(view, pid);
          if (target === null || Atomics.load(view.memory, target.base + PCB_COPY_LITERALS) !== wait.instance) pending.delete(pid);
        }
        if (pending.size > 0) await nextTurn();
      }
      return;
    }
    case 'run-on-load': {
      if (onLoad === undefined) throw new Error("the host cannot run an on_load function without the runtime's code server");
      // A fresh process runs it; the host polls, as a waiting process would.
      const state: OnLoadRunState = { runner: 0 };
      for (;;) {
        const answer = pollOnLoadRun(onLoad, null, state, wait.module, wait.entry);
        if (answer !== null) return answer;
        await nextTurn();
      }
    }
    default:
      throw new Error(`the host cannot wait for '${wait.kind}' (only a process can)`);
  }
}

/** What the host needs to run on_load functions (the runtime's loader and code server). */
export type HostOnLoadRunner = OnLoadRunEnvironment;

/** Drives a strategy task to its end on the host thread. */
export async function runHostTask<T>(view: RuntimeMemoryView, task: SystemTask<T>, onLoad?: HostOnLoadRunner): Promise<T> {
  let step = task.next(undefined);
  while (!step.done) {
    let answer: WaitAnswer;
    try {
      answer = await satisfy(view, step.value, onLoad);
    } catch (error) {
      step = task.throw(error);
      continue;
    }
    step = task.next(answer);
  }
  return step.value;
}
