import type { Arena } from './arena/arena.js';
import { TermError } from './term/term-error.js';

/**
 * A bump allocator over one block the caller owns (a literal area, a process heap, a
 * message fragment). It never frees: terms are built front to back and the whole block
 * goes at once. Running past the end is an error, not a silent overwrite, so a sizing
 * mistake shows up as a `heap_full` TermError.
 */
export class HeapWriter {
  /** Next free word index. */
  top: number;
  /**
   * Refc binaries written so far (made or copied): a process heap that never got one
   * need not be walked for them by its collector (the runtime keeps a flag per process).
   */
  refcBinaries = 0;

  constructor(
    readonly arena: Arena,
    /** First word index of the block. */
    readonly start: number,
    /** Word index just past the block. */
    readonly end: number,
  ) {
    this.top = start;
  }

  /** A writer over a fresh arena block of `words` words of `kind`. */
  static allocate(arena: Arena, words: number, kind: Parameters<Arena['alloc']>[1]): HeapWriter {
    const start = arena.alloc(words, kind);
    return new HeapWriter(arena, start, start + words);
  }

  /** Reserves `words` words and returns the word index of the first. */
  alloc(words: number): number {
    const at = this.top;
    const next = at + words;
    if (next > this.end) {
      throw new TermError('heap_full', `need ${words} words, ${this.end - at} left in the heap block`, at);
    }
    this.top = next;
    return at;
  }

  get used(): number {
    return this.top - this.start;
  }

  get remaining(): number {
    return this.end - this.top;
  }
}
