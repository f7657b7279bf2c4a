/**
 * The process table: slots in shared memory, handed out from a free stack under one
 * lock. A pid carries the slot and the slot's serial, so a pid of a dead process never
 * reaches the process that reuses its slot.
 */

import { lock, unlock } from '../shared/spin-lock.js';
import { CONTROL_FREE_HEAD, CONTROL_FREE_TAIL, CONTROL_PROCESS_COUNT, CONTROL_PROCESS_LOCK, CONTROL_SPAWN_COUNT } from '../shared/runtime-memory.js';
import { PCB_INBOX, PCB_PID, PCB_SERIAL, PCB_STATE, STATE_EXITED, STATE_FREE, STATE_MASK, type Process, isPid, makePid, pidSlot, SERIAL_MASK } from '../process/process.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

export class ProcessTableError extends Error {
  override readonly name = 'ProcessTableError';
  constructor(
    readonly code: 'system_limit',
    detail: string,
  ) {
    super(`${detail} (${code})`);
  }
}

/**
 * Fills the free queue with every slot. Host thread, before schedulers start. The queue
 * is FIFO so that a freed slot is reused as late as possible: a sender still holding a
 * dead pid has the longest possible time to see that the pid no longer matches.
 */
export function initialiseProcessTable(view: RuntimeMemoryView): void {
  const { maxProcesses, freeSlots } = view.layout;
  for (let i = 0; i < maxProcesses; i++) view.memory[freeSlots + i] = i;
  view.memory[CONTROL_FREE_HEAD] = 0;
  view.memory[CONTROL_FREE_TAIL] = maxProcesses;
}

/** Takes a free slot and gives it a fresh pid. The PCB is reset by the caller. */
export function allocateProcess(view: RuntimeMemoryView): Process {
  const memory = view.memory;
  lock(memory, CONTROL_PROCESS_LOCK);
  const head = memory[CONTROL_FREE_HEAD];
  if (head === memory[CONTROL_FREE_TAIL]) {
    unlock(memory, CONTROL_PROCESS_LOCK);
    throw new ProcessTableError('system_limit', `all ${view.layout.maxProcesses} process slots are in use`);
  }
  const slot = memory[view.layout.freeSlots + (head & (view.layout.maxProcesses - 1))];
  memory[CONTROL_FREE_HEAD] = (head + 1) | 0;
  unlock(memory, CONTROL_PROCESS_LOCK);
  const process = view.processAt(slot);
  const serial = (memory[process.base + PCB_SERIAL] + 1) & SERIAL_MASK;
  memory[process.base + PCB_SERIAL] = serial;
  Atomics.store(memory, process.base + PCB_PID, makePid(slot, serial));
  Atomics.store(memory, process.base + PCB_INBOX, 0);
  Atomics.add(memory, CONTROL_PROCESS_COUNT, 1);
  Atomics.add(memory, CONTROL_SPAWN_COUNT, 1);
  return process;
}

/** Returns an EXITED process's slot to the free stack. */
export function freeProcess(view: RuntimeMemoryView, process: Process): void {
  const memory = view.memory;
  Atomics.store(memory, process.base + PCB_PID, 0);
  Atomics.store(memory, process.base + PCB_STATE, STATE_FREE);
  lock(memory, CONTROL_PROCESS_LOCK);
  const tail = memory[CONTROL_FREE_TAIL];
  memory[view.layout.freeSlots + (tail & (view.layout.maxProcesses - 1))] = process.slot;
  memory[CONTROL_FREE_TAIL] = (tail + 1) | 0;
  unlock(memory, CONTROL_PROCESS_LOCK);
  Atomics.sub(memory, CONTROL_PROCESS_COUNT, 1);
}

/** The live process with this pid, or null (dead, exiting, or never existed). */
export function lookupProcess(view: RuntimeMemoryView, pid: number): Process | null {
  if (!isPid(pid)) return null;
  const process = view.processAt(pidSlot(pid));
  if (Atomics.load(view.memory, process.base + PCB_PID) !== pid) return null;
  const state = Atomics.load(view.memory, process.base + PCB_STATE) & STATE_MASK;
  if (state === STATE_FREE || state === STATE_EXITED) return null;
  return process;
}

export function liveProcessCount(view: RuntimeMemoryView): number {
  return Atomics.load(view.memory, CONTROL_PROCESS_COUNT);
}
