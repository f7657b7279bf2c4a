/**
 * Process aliases (erlang:alias/0,1, unalias/1, monitor/3's {alias, Mode}): a ref that,
 * while active, delivers what is sent to it to the process that made it. OTP's gen:call
 * sends its request with an alias as the reply tag, so gen_server:call needs them.
 *
 * ERTS keeps the owner inside the ref; ours are ordinary refs, so a table in the runtime
 * memory maps a ref's two numbers to its owner and mode, under one lock. A send to a ref
 * that is not an active alias is dropped, as in ERTS.
 */

import { withLock } from '../shared/spin-lock.js';
import {
  ALIAS_CAPACITY,
  ALIAS_DELETED,
  ALIAS_EMPTY,
  ALIAS_MODE,
  ALIAS_OWNER,
  ALIAS_REF_HIGH,
  ALIAS_REF_LOW,
  ALIAS_WORDS,
  CONTROL_ALIAS_LOCK,
} from '../shared/runtime-memory.js';
import { PCB_ALIAS_COUNT } from '../process/process.js';
import { lookupProcess } from './process-table.js';
import type { RuntimeMemoryView } from './runtime-memory-view.js';

/** Removed only by unalias/1 (alias/0, alias([explicit_unalias]), monitor {alias, explicit_unalias}). */
export const ALIAS_MODE_EXPLICIT_UNALIAS = 1;
/** Also removed by demonitor of the monitor, or when its 'DOWN' message is delivered. */
export const ALIAS_MODE_DEMONITOR = 2;
/** Also removed by the first message sent through it (alias([reply]), {alias, reply_demonitor}). */
export const ALIAS_MODE_REPLY = 3;
/** The modes a demonitor, or the monitor's 'DOWN', ends. */
export const DEMONITOR_ALIAS_MODES: readonly number[] = [ALIAS_MODE_DEMONITOR, ALIAS_MODE_REPLY];

function startSlot(low: number, high: number): number {
  return Math.imul(low ^ Math.imul(high, 0x85ebca6b), 0x9e3779b1) >>> (32 - Math.log2(ALIAS_CAPACITY));
}

function withTable<T>(view: RuntimeMemoryView, body: (memory: Int32Array, base: number) => T): T {
  return withLock(view.memory, CONTROL_ALIAS_LOCK, () => body(view.memory, view.layout.aliases));
}

/** The slot of the alias with these ref numbers, or -1. The caller holds the lock. */
function findSlot(memory: Int32Array, base: number, low: number, high: number): number {
  for (let probe = 0, slot = startSlot(low, high); probe < ALIAS_CAPACITY; probe++, slot = (slot + 1) & (ALIAS_CAPACITY - 1)) {
    const at = base + slot * ALIAS_WORDS;
    const owner = memory[at + ALIAS_OWNER];
    if (owner === ALIAS_EMPTY) return -1;
    if (owner !== ALIAS_DELETED && memory[at + ALIAS_REF_LOW] === low && memory[at + ALIAS_REF_HIGH] === high) return slot;
  }
  return -1;
}

/**
 * Frees a slot. A slot followed by an empty one becomes empty itself, with the deleted
 * ones before it: every gen_server:call makes and removes an alias, and tombstones left
 * behind would make every miss probe the whole table.
 */
function freeSlot(view: RuntimeMemoryView, memory: Int32Array, base: number, slot: number): void {
  const at = base + slot * ALIAS_WORDS;
  const process = lookupProcess(view, memory[at + ALIAS_OWNER]);
  if (process !== null) Atomics.sub(view.memory, process.base + PCB_ALIAS_COUNT, 1);
  const mask = ALIAS_CAPACITY - 1;
  if (memory[base + ((slot + 1) & mask) * ALIAS_WORDS + ALIAS_OWNER] !== ALIAS_EMPTY) {
    memory[at + ALIAS_OWNER] = ALIAS_DELETED;
    return;
  }
  memory[at + ALIAS_OWNER] = ALIAS_EMPTY;
  for (let previous = (slot - 1) & mask; previous !== slot && memory[base + previous * ALIAS_WORDS + ALIAS_OWNER] === ALIAS_DELETED; previous = (previous - 1) & mask) {
    memory[base + previous * ALIAS_WORDS + ALIAS_OWNER] = ALIAS_EMPTY;
  }
}

/** Makes the ref `numbers` an alias of `owner`; false when the table is full (the caller raises system_limit). */
export function addAlias(view: RuntimeMemoryView, numbers: readonly [number, number], owner: number, mode: number): boolean {
  const [low, high] = numbers;
  const added = withTable(view, (memory, base) => {
    for (let probe = 0, slot = startSlot(low, high); probe < ALIAS_CAPACITY; probe++, slot = (slot + 1) & (ALIAS_CAPACITY - 1)) {
      const at = base + slot * ALIAS_WORDS;
      const state = memory[at + ALIAS_OWNER];
      if (state === ALIAS_EMPTY || state === ALIAS_DELETED) {
        memory[at + ALIAS_REF_LOW] = low;
        memory[at + ALIAS_REF_HIGH] = high;
        memory[at + ALIAS_MODE] = mode;
        memory[at + ALIAS_OWNER] = owner;
        return true;
      }
    }
    return false;
  });
  if (added) {
    const process = lookupProcess(view, owner);
    if (process !== null) Atomics.add(view.memory, process.base + PCB_ALIAS_COUNT, 1);
  }
  return added;
}

/**
 * Where a message sent to the ref `numbers` goes: its owner's pid, or 0 when it is not an
 * active alias. A reply-mode alias is used up by this send.
 */
export function aliasDestination(view: RuntimeMemoryView, low: number, high: number): number {
  return withTable(view, (memory, base) => {
    const slot = findSlot(memory, base, low, high);
    if (slot < 0) return 0;
    const at = base + slot * ALIAS_WORDS;
    const owner = memory[at + ALIAS_OWNER];
    if (memory[at + ALIAS_MODE] === ALIAS_MODE_REPLY) freeSlot(view, memory, base, slot);
    return owner;
  });
}

/**
 * Removes the alias `numbers` of `owner` when its mode is one of `modes` (unalias/1: any
 * mode; demonitor and 'DOWN': the demonitor and reply modes). True when one was removed.
 */
export function removeAlias(view: RuntimeMemoryView, low: number, high: number, owner: number, modes: readonly number[]): boolean {
  return withTable(view, (memory, base) => {
    const slot = findSlot(memory, base, low, high);
    if (slot < 0) return false;
    const at = base + slot * ALIAS_WORDS;
    if (memory[at + ALIAS_OWNER] !== owner || !modes.includes(memory[at + ALIAS_MODE])) return false;
    freeSlot(view, memory, base, slot);
    return true;
  });
}

/** At the owner's exit: every alias it still has goes. */
export function removeAliasesOf(view: RuntimeMemoryView, owner: number, processBase: number): void {
  if (Atomics.load(view.memory, processBase + PCB_ALIAS_COUNT) === 0) return;
  withTable(view, (memory, base) => {
    for (let slot = 0; slot < ALIAS_CAPACITY; slot++) {
      const at = base + slot * ALIAS_WORDS;
      if (memory[at + ALIAS_OWNER] === owner) freeSlot(view, memory, base, slot);
    }
  });
  Atomics.store(view.memory, processBase + PCB_ALIAS_COUNT, 0);
}
