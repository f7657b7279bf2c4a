/**
 * A scheduler's timers: a binary min-heap of (deadline, callback) in this thread's memory.
 * Timers are owned by the scheduler that started them; what they do when they fire is
 * always a cross-thread-safe action (store an atomic and wake a process, send a message).
 */

interface Timer {
  deadline: number;
  sequence: number;
  fire: () => void;
}

export class TimerWheel {
  private readonly heap: Timer[] = [];
  private sequence = 0;

  get size(): number {
    return this.heap.length;
  }

  add(ms: number, fire: () => void): void {
    const timer = { deadline: performance.now() + ms, sequence: this.sequence++, fire };
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index], heap[parent])) break;
      [heap[index], heap[parent]] = [heap[parent], heap[index]];
      index = parent;
    }
  }

  /** Milliseconds until the earliest deadline (0 when one is due, Infinity when none). */
  msUntilNext(): number {
    if (this.heap.length === 0) return Infinity;
    return Math.max(0, Math.ceil(this.heap[0].deadline - performance.now()));
  }

  fireDue(): void {
    const now = performance.now();
    while (this.heap.length > 0 && this.heap[0].deadline <= now) this.pop().fire();
  }

  private pop(): Timer {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest], heap[index]];
        index = smallest;
      }
    }
    return top;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.deadline < b.deadline || (a.deadline === b.deadline && a.sequence < b.sequence);
}
