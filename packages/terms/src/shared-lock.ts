/**
 * A mutual-exclusion lock in one Int32 word of shared memory, usable from every
 * worker thread that sees the same SharedArrayBuffer (Drepper's three-state futex
 * mutex, "Futexes Are Tricky", mutex 3).
 *
 *   lock word: 0 = free, 1 = held and nobody waits, 2 = held and somebody may wait
 *
 * Uncontended, acquire and release are one compareExchange and one sub each. Under
 * contention a thread spins briefly (the critical sections it protects are short),
 * then sleeps in Atomics.wait; release only pays for Atomics.notify when the word
 * says somebody may be sleeping. Atomics operations are sequentially consistent, so
 * plain reads and writes made while holding the lock are visible to the next holder.
 */

export const LOCK_FREE = 0;
export const LOCK_HELD = 1;
export const LOCK_HELD_CONTENDED = 2;

/** compareExchange attempts before sleeping. Small: the machine may have fewer cores than threads. */
const SPIN_ATTEMPTS = 64;

export function acquireLock(words: Int32Array, index: number): void {
  let state = Atomics.compareExchange(words, index, LOCK_FREE, LOCK_HELD);
  if (state === LOCK_FREE) return;
  for (let attempt = 0; attempt < SPIN_ATTEMPTS; attempt++) {
    state = Atomics.compareExchange(words, index, LOCK_FREE, LOCK_HELD);
    if (state === LOCK_FREE) return;
  }
  // Announce a waiter (state 2) before sleeping, so that the holder's release notifies.
  if (state !== LOCK_HELD_CONTENDED) state = Atomics.exchange(words, index, LOCK_HELD_CONTENDED);
  while (state !== LOCK_FREE) {
    Atomics.wait(words, index, LOCK_HELD_CONTENDED);
    state = Atomics.exchange(words, index, LOCK_HELD_CONTENDED);
  }
}

/** Takes the lock only if it is free right now. */
export function tryAcquireLock(words: Int32Array, index: number): boolean {
  return Atomics.compareExchange(words, index, LOCK_FREE, LOCK_HELD) === LOCK_FREE;
}

export function releaseLock(words: Int32Array, index: number): void {
  if (Atomics.sub(words, index, 1) !== LOCK_HELD) {
    Atomics.store(words, index, LOCK_FREE);
    Atomics.notify(words, index, 1);
  }
}

/** A lock word at a fixed index of a shared Int32Array. */
export class SharedLock {
  constructor(
    private readonly words: Int32Array,
    private readonly index: number,
  ) {}

  acquire(): void {
    acquireLock(this.words, this.index);
  }

  tryAcquire(): boolean {
    return tryAcquireLock(this.words, this.index);
  }

  release(): void {
    releaseLock(this.words, this.index);
  }

  /** Runs `body` holding the lock; the lock is released even when `body` throws. */
  withLock<T>(body: () => T): T {
    acquireLock(this.words, this.index);
    try {
      return body();
    } finally {
      releaseLock(this.words, this.index);
    }
  }
}
