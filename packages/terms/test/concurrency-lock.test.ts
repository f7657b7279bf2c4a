import { describe, expect, it } from 'vitest';
import { SharedLock, acquireLock, releaseLock, tryAcquireLock } from '../src/index.js';

describe('SharedLock (one thread)', () => {
  it('is taken and released, and tryAcquire fails while it is held', () => {
    const words = new Int32Array(new SharedArrayBuffer(8));
    const lock = new SharedLock(words, 1);
    expect(lock.tryAcquire()).toBe(true);
    expect(lock.tryAcquire()).toBe(false);
    expect(tryAcquireLock(words, 1)).toBe(false);
    lock.release();
    expect(words[1]).toBe(0);
    acquireLock(words, 1);
    expect(words[1]).toBe(1);
    releaseLock(words, 1);
    expect(words[0]).toBe(0); // the neighbouring word is untouched
  });

  it('withLock releases the lock when the body throws', () => {
    const words = new Int32Array(new SharedArrayBuffer(4));
    const lock = new SharedLock(words, 0);
    expect(() =>
      lock.withLock(() => {
        throw new Error('inside');
      }),
    ).toThrowError('inside');
    expect(words[0]).toBe(0);
    expect(lock.withLock(() => 42)).toBe(42);
  });

  it('a release with a waiter announced (state 2) leaves the lock free', () => {
    const words = new Int32Array(new SharedArrayBuffer(4));
    words[0] = 2; // held, and somebody may be sleeping on it
    releaseLock(words, 0);
    expect(words[0]).toBe(0);
  });
});
