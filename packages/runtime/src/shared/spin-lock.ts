/**
 * A mutual-exclusion lock in one Int32 slot of shared memory, usable from every thread.
 *
 * Critical sections guarded by these locks are a few dozen instructions (push/pop a run
 * queue slot, take a free process slot), so a short spin beats parking; after the spin we
 * park with Atomics.wait so a descheduled holder does not burn a core that another
 * scheduler needs. The main thread may not Atomics.wait in browsers, but Node allows it.
 */

const UNLOCKED = 0;
const LOCKED = 1;
const LOCKED_CONTENDED = 2;
const SPINS_BEFORE_PARKING = 64;

export function lock(words: Int32Array, index: number): void {
  let previous = Atomics.compareExchange(words, index, UNLOCKED, LOCKED);
  if (previous === UNLOCKED) return;
  for (let spin = 0; spin < SPINS_BEFORE_PARKING; spin++) {
    previous = Atomics.compareExchange(words, index, UNLOCKED, LOCKED);
    if (previous === UNLOCKED) return;
  }
  // Contended: mark the lock so the holder knows to notify, then park until released.
  if (previous !== LOCKED_CONTENDED) previous = Atomics.exchange(words, index, LOCKED_CONTENDED);
  while (previous !== UNLOCKED) {
    Atomics.wait(words, index, LOCKED_CONTENDED);
    previous = Atomics.exchange(words, index, LOCKED_CONTENDED);
  }
}

export function unlock(words: Int32Array, index: number): void {
  if (Atomics.exchange(words, index, UNLOCKED) === LOCKED_CONTENDED) Atomics.notify(words, index, 1);
}

/** Runs `body` holding the lock at `index` (released however `body` ends). */
export function withLock<T>(words: Int32Array, index: number, body: () => T): T {
  lock(words, index);
  try {
    return body();
  } finally {
    unlock(words, index);
  }
}
