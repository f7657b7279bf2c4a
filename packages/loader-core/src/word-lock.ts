/**
 * A mutual-exclusion lock in one Int32 word of shared memory. It guards only the short
 * insert paths of the append-only tables (a hash probe and a few stores); readers never
 * take it. After a short spin the waiter parks with Atomics.wait, so a descheduled holder
 * does not make another thread burn a core.
 */
const UNLOCKED = 0;
const LOCKED = 1;
const LOCKED_CONTENDED = 2;
const SPINS_BEFORE_PARKING = 64;

export function lockWord(words: Int32Array, index: number): void {
  let previous = Atomics.compareExchange(words, index, UNLOCKED, LOCKED);
  if (previous === UNLOCKED) return;
  for (let spin = 0; spin < SPINS_BEFORE_PARKING; spin++) {
    previous = Atomics.compareExchange(words, index, UNLOCKED, LOCKED);
    if (previous === UNLOCKED) return;
  }
  if (previous !== LOCKED_CONTENDED) previous = Atomics.exchange(words, index, LOCKED_CONTENDED);
  while (previous !== UNLOCKED) {
    Atomics.wait(words, index, LOCKED_CONTENDED);
    previous = Atomics.exchange(words, index, LOCKED_CONTENDED);
  }
}

export function unlockWord(words: Int32Array, index: number): void {
  if (Atomics.exchange(words, index, UNLOCKED) === LOCKED_CONTENDED) Atomics.notify(words, index, 1);
}
