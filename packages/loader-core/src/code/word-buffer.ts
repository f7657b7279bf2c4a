/**
 * The transform's output: Int32 words appended one by one into a typed array that
 * doubles when full (a plain number array costs a boxed-element growth path and a
 * full copy into an Int32Array at the end).
 */
export class WordBuffer {
  private words: Int32Array;
  length = 0;

  /** `initialWords`: a good guess of the final length saves the doublings and their copies. */
  constructor(initialWords = 1024) {
    this.words = new Int32Array(Math.max(16, initialWords));
  }

  /** Appends one word (the hot path: one call per operand). */
  add(word: number): void {
    if (this.length === this.words.length) this.grow();
    this.words[this.length++] = word;
  }

  push(...words: number[]): void {
    for (const word of words) this.add(word);
  }

  get(position: number): number {
    return this.words[position];
  }

  set(position: number, word: number): void {
    this.words[position] = word;
  }

  /** The words written so far (a view: later appends may reallocate). */
  view(): Int32Array {
    return this.words.subarray(0, this.length);
  }

  private grow(): void {
    const larger = new Int32Array(this.words.length * 2);
    larger.set(this.words);
    this.words = larger;
  }
}
