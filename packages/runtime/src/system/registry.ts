/**
 * The name registry (register/2, whereis/1, unregister/1): an open-addressing table in
 * shared memory keyed by atom word, under one lock. Any scheduler resolves a name with
 * `whereisName`; the owner's exit unregisters it.
 */

import { withLock } from '../shared/spin-lock.js';
import { CONTROL_REGISTRY_LOCK, REGISTRY_CAPACITY, REGISTRY_DELETED, REGISTRY_EMPTY } from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

function startSlot(name: number): number {
  return Math.imul(name >>> 6, 0x9e3779b1) >>> (32 - Math.log2(REGISTRY_CAPACITY));
}

/** Pid registered under `name`, or 0. */
export function whereisName(view: RuntimeMemoryView, name: number): number {
  const memory = view.memory;
  const base = view.layout.registry;
  return withLock(memory, CONTROL_REGISTRY_LOCK, () => {
    for (let probe = 0, slot = startSlot(name); probe < REGISTRY_CAPACITY; probe++, slot = (slot + 1) & (REGISTRY_CAPACITY - 1)) {
      const key = memory[base + slot * 2];
      if (key === REGISTRY_EMPTY) return 0;
      if (key === name) return memory[base + slot * 2 + 1];
    }
    return 0;
  });
}

/** Registers `name` for `pid`; false when the name is taken or the table is full. */
export function registerName(view: RuntimeMemoryView, name: number, pid: number): boolean {
  const memory = view.memory;
  const base = view.layout.registry;
  return withLock(memory, CONTROL_REGISTRY_LOCK, () => {
    let free = -1;
    for (let probe = 0, slot = startSlot(name); probe < REGISTRY_CAPACITY; probe++, slot = (slot + 1) & (REGISTRY_CAPACITY - 1)) {
      const key = memory[base + slot * 2];
      if (key === name) return false;
      if (key === REGISTRY_DELETED && free < 0) free = slot;
      if (key === REGISTRY_EMPTY) {
        if (free < 0) free = slot;
        break;
      }
    }
    if (free < 0) return false;
    memory[base + free * 2] = name;
    memory[base + free * 2 + 1] = pid;
    return true;
  });
}

/** Removes `name` (only when registered to `pid`, if given). */
export function unregisterName(view: RuntimeMemoryView, name: number, pid = 0): boolean {
  const memory = view.memory;
  const base = view.layout.registry;
  return withLock(memory, CONTROL_REGISTRY_LOCK, () => {
    for (let probe = 0, slot = startSlot(name); probe < REGISTRY_CAPACITY; probe++, slot = (slot + 1) & (REGISTRY_CAPACITY - 1)) {
      const key = memory[base + slot * 2];
      if (key === REGISTRY_EMPTY) return false;
      if (key === name) {
        if (pid !== 0 && memory[base + slot * 2 + 1] !== pid) return false;
        memory[base + slot * 2] = REGISTRY_DELETED;
        memory[base + slot * 2 + 1] = 0;
        return true;
      }
    }
    return false;
  });
}
