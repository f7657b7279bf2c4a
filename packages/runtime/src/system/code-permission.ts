/**
 * The code-write permission: one holder at a time, FIFO waiters. A process that cannot
 * take it is suspended (its pid goes into the waiters ring) and its scheduler runs other
 * processes; `releasePermission` hands the permission straight to the first waiter and
 * returns its pid so the caller can wake it.
 */

import { lock, unlock } from '../shared/spin-lock.js';
import {
  CONTROL_PERMISSION_HOLDER,
  CONTROL_PERMISSION_LOCK,
  CONTROL_PERMISSION_QUEUE_HEAD,
  CONTROL_PERMISSION_QUEUE_TAIL,
} from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

/** Holder word of the host thread (never a pid: pids have tag 0x3). */
export const HOST_PERMISSION_HOLDER = 0x7ffffff0;

/** Takes the permission for `holder`, or queues it. True when taken now. */
export function takeOrQueuePermission(view: RuntimeMemoryView, holder: number): boolean {
  const memory = view.memory;
  lock(memory, CONTROL_PERMISSION_LOCK);
  try {
    const current = memory[CONTROL_PERMISSION_HOLDER];
    if (current === 0) {
      memory[CONTROL_PERMISSION_HOLDER] = holder;
      return true;
    }
    if (current === holder) return true;
    // Already queued? (a spurious wake-up re-asks)
    const mask = view.layout.maxProcesses - 1;
    const head = memory[CONTROL_PERMISSION_QUEUE_HEAD];
    const tail = memory[CONTROL_PERMISSION_QUEUE_TAIL];
    for (let i = head; i !== tail; i = (i + 1) | 0) {
      if (memory[view.layout.permissionQueue + (i & mask)] === holder) return false;
    }
    memory[view.layout.permissionQueue + (tail & mask)] = holder;
    memory[CONTROL_PERMISSION_QUEUE_TAIL] = (tail + 1) | 0;
    return false;
  } finally {
    unlock(memory, CONTROL_PERMISSION_LOCK);
  }
}

export function permissionHolder(view: RuntimeMemoryView): number {
  return Atomics.load(view.memory, CONTROL_PERMISSION_HOLDER);
}

/** Releases (or hands over) the permission; returns the new holder to wake, or 0. */
export function releasePermission(view: RuntimeMemoryView, holder: number): number {
  const memory = view.memory;
  lock(memory, CONTROL_PERMISSION_LOCK);
  try {
    if (memory[CONTROL_PERMISSION_HOLDER] !== holder) return 0;
    const mask = view.layout.maxProcesses - 1;
    const head = memory[CONTROL_PERMISSION_QUEUE_HEAD];
    if (head === memory[CONTROL_PERMISSION_QUEUE_TAIL]) {
      Atomics.store(memory, CONTROL_PERMISSION_HOLDER, 0);
      Atomics.notify(memory, CONTROL_PERMISSION_HOLDER);
      return 0;
    }
    const next = memory[view.layout.permissionQueue + (head & mask)];
    memory[CONTROL_PERMISSION_QUEUE_HEAD] = (head + 1) | 0;
    Atomics.store(memory, CONTROL_PERMISSION_HOLDER, next);
    Atomics.notify(memory, CONTROL_PERMISSION_HOLDER);
    return next;
  } finally {
    unlock(memory, CONTROL_PERMISSION_LOCK);
  }
}

/** Drops a dead process from the waiters (it will never ask again). */
export function forgetPermissionWaiter(view: RuntimeMemoryView, holder: number): number {
  const memory = view.memory;
  if (Atomics.load(memory, CONTROL_PERMISSION_HOLDER) === holder) return releasePermission(view, holder);
  lock(memory, CONTROL_PERMISSION_LOCK);
  const mask = view.layout.maxProcesses - 1;
  const head = memory[CONTROL_PERMISSION_QUEUE_HEAD];
  const tail = memory[CONTROL_PERMISSION_QUEUE_TAIL];
  let write = head;
  for (let read = head; read !== tail; read = (read + 1) | 0) {
    const waiter = memory[view.layout.permissionQueue + (read & mask)];
    if (waiter === holder) continue;
    memory[view.layout.permissionQueue + (write & mask)] = waiter;
    write = (write + 1) | 0;
  }
  memory[CONTROL_PERMISSION_QUEUE_TAIL] = write;
  unlock(memory, CONTROL_PERMISSION_LOCK);
  return 0;
}
