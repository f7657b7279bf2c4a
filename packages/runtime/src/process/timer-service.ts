/**
 * erlang:send_after/3, start_timer/3, cancel_timer/1, read_timer/1. A timer lives in a
 * shared slot (so any scheduler can cancel it) and in the starting scheduler's timer
 * wheel (which fires it). The slot's state word decides the race between firing and
 * cancelling with one CAS. A timer ref is a local ref whose numbers are
 * [slot, serial, TIMER_REF_MARK], so cancel_timer finds the slot without a lookup.
 *
 * Slot layout (TIMER_WORDS words):
 *   TIMER_STATE      TIMER_FREE | TIMER_ACTIVE | TIMER_FIRED | TIMER_CANCELLED
 *   TIMER_SERIAL     bumped at each reuse (stale refs miss)
 *   TIMER_DEADLINE_HIGH / TIMER_DEADLINE_LOW   absolute deadline in ms (high * 2^31 + low)
 *   TIMER_NEXT_FREE  free chain link
 */

import { FRAGMENT_TERM, FRAGMENT_WORDS } from './fragment.js';
import type { Signals } from './signals.js';
import { lock, unlock } from '../shared/spin-lock.js';
import { CONTROL_TIMER_FREE_HEAD, CONTROL_TIMER_LOCK, CONTROL_TIMER_USED, TIMER_CAPACITY, TIMER_WORDS } from '../shared/runtime-memory.js';
import type { RuntimeMemoryView } from '../system/runtime-memory-view.js';
import type { TimerWheel } from '../scheduler/timer-wheel.js';
import { HEADER_TUPLE, isAtom, makeBoxed, makeHeader } from '@beamload/terms';
import { isPid } from './process.js';

const TIMER_STATE = 0;
const TIMER_SERIAL = 1;
const TIMER_DEADLINE_HIGH = 2;
const TIMER_DEADLINE_LOW = 3;
const TIMER_NEXT_FREE = 4;

const TIMER_FREE = 0;
const TIMER_ACTIVE = 1;
const TIMER_FIRED = 2;
const TIMER_CANCELLED = 3;

/** Third ref number of a timer ref (ordinary refs have 0 there). */
export const TIMER_REF_MARK = 0x54494d; // 'TIM'

export class TimerServiceError extends Error {
  override readonly name = 'TimerServiceError';
  constructor(readonly code: 'system_limit', detail: string) {
    super(`${detail} (${code})`);
  }
}

/** Milliseconds on a clock every thread shares. */
export function sharedNow(): number {
  return performance.timeOrigin + performance.now();
}

export class TimerService {
  constructor(
    readonly view: RuntimeMemoryView,
    readonly signals: Signals,
    readonly schedulerId: number,
    readonly wheel: TimerWheel,
  ) {}

  private slotBase(slot: number): number {
    return this.view.layout.timers + slot * TIMER_WORDS;
  }

  private allocateSlot(): number {
    const memory = this.view.memory;
    lock(memory, CONTROL_TIMER_LOCK);
    try {
      const free = memory[CONTROL_TIMER_FREE_HEAD];
      if (free !== 0) {
        memory[CONTROL_TIMER_FREE_HEAD] = memory[this.slotBase(free - 1) + TIMER_NEXT_FREE];
        return free - 1;
      }
      const used = memory[CONTROL_TIMER_USED];
      if (used >= TIMER_CAPACITY) throw new TimerServiceError('system_limit', `all ${TIMER_CAPACITY} timers are in use`);
      memory[CONTROL_TIMER_USED] = used + 1;
      return used;
    } finally {
      unlock(memory, CONTROL_TIMER_LOCK);
    }
  }

  private freeSlot(slot: number): void {
    const memory = this.view.memory;
    lock(memory, CONTROL_TIMER_LOCK);
    Atomics.store(memory, this.slotBase(slot) + TIMER_STATE, TIMER_FREE);
    memory[this.slotBase(slot) + TIMER_NEXT_FREE] = memory[CONTROL_TIMER_FREE_HEAD];
    memory[CONTROL_TIMER_FREE_HEAD] = slot + 1;
    unlock(memory, CONTROL_TIMER_LOCK);
  }

  /**
   * Starts a timer delivering `message` (copied now) to `destination` (pid or name,
   * resolved when it fires) after `ms`. With `timeoutTuple`, the message is
   * {timeout, Ref, Msg} (start_timer). Returns the ref numbers [slot, serial].
   */
  start(from: number, destination: number, ms: number, message: number, timeoutTuple: number | null): [number, number] {
    const memory = this.view.memory;
    const slot = this.allocateSlot();
    const base = this.slotBase(slot);
    const serial = (memory[base + TIMER_SERIAL] + 1) & 0x7fffffff;
    memory[base + TIMER_SERIAL] = serial;
    const deadline = sharedNow() + ms;
    memory[base + TIMER_DEADLINE_HIGH] = Math.floor(deadline / 2 ** 31);
    memory[base + TIMER_DEADLINE_LOW] = Math.floor(deadline % 2 ** 31);
    Atomics.store(memory, base + TIMER_STATE, TIMER_ACTIVE);
    // {timeout, Ref, Msg}: header + 3, with the ref (4 words) after it.
    const spare = timeoutTuple === null ? 0 : 4 + this.signals.writeRefWords;
    const fragment = this.signals.makeFragment(0, from, message, spare);
    if (timeoutTuple !== null) {
      const words = this.view.arena.i32;
      const size = words[fragment + FRAGMENT_WORDS];
      const refAt = fragment + size - this.signals.writeRefWords;
      const tupleAt = refAt - 4;
      const ref = this.signals.writeRef(refAt, slot, serial, TIMER_REF_MARK);
      words[tupleAt] = makeHeader(HEADER_TUPLE, 3);
      words[tupleAt + 1] = timeoutTuple;
      words[tupleAt + 2] = ref;
      words[tupleAt + 3] = words[fragment + FRAGMENT_TERM];
      words[fragment + FRAGMENT_TERM] = makeBoxed(tupleAt);
    }
    this.wheel.add(ms, () => {
      if (Atomics.compareExchange(memory, base + TIMER_STATE, TIMER_ACTIVE, TIMER_FIRED) === TIMER_ACTIVE) {
        const to = isNameOrPid(destination) ? this.resolve(destination) : 0;
        if (to !== 0) this.signals.deliver(to, fragment);
        else this.view.arena.free(fragment);
      } else {
        this.view.arena.free(fragment);
      }
      this.freeSlot(slot);
    });
    return [slot, serial];
  }

  /** Remaining ms of an active timer, or -1 when it is not active. `cancel` also stops it. */
  remaining(numbers: readonly number[], cancel: boolean): number {
    if (numbers.length < 3 || numbers[2] !== TIMER_REF_MARK) return -1;
    const [slot, serial] = numbers;
    if (slot < 0 || slot >= TIMER_CAPACITY) return -1;
    const memory = this.view.memory;
    const base = this.slotBase(slot);
    if (memory[base + TIMER_SERIAL] !== serial || Atomics.load(memory, base + TIMER_STATE) !== TIMER_ACTIVE) return -1;
    const deadline = memory[base + TIMER_DEADLINE_HIGH] * 2 ** 31 + memory[base + TIMER_DEADLINE_LOW];
    if (cancel && Atomics.compareExchange(memory, base + TIMER_STATE, TIMER_ACTIVE, TIMER_CANCELLED) !== TIMER_ACTIVE) return -1;
    return Math.max(0, Math.round(deadline - sharedNow()));
  }

  private resolve: (destination: number) => number = (destination) => destination;

  setResolver(resolve: (destination: number) => number): void {
    this.resolve = resolve;
  }
}

function isNameOrPid(word: number): boolean {
  return isPid(word) || isAtom(word);
}
