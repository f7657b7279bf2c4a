import type { LoaderArena } from '../memory.js';
import { CODE_HEADER_FUNS_COUNT, CODE_HEADER_FUNS_OFFSET, FUN_ENTRY_WORDS, FUN_INDEX, FUN_OLD_UNIQ } from '../code/code-area-layout.js';

/**
 * A code instance: one loaded version of one module. Its header block names the code
 * area (the loaded-code format, executed by the runtime), the literal area (terms the
 * code points at), the export list, and what `module_info` reports. The module table
 * refers to instances by the header's word index.
 *
 * Header layout (word offsets from the header's word index):
 */
export const INSTANCE_MODULE = 0; // atom word
export const INSTANCE_STATE = 1; // one of InstanceState
export const INSTANCE_CODE_AREA = 2; // word index of the code area block
export const INSTANCE_CODE_WORDS = 3;
export const INSTANCE_LITERAL_AREA = 4; // word index of the literal area block, 0 = none
export const INSTANCE_LITERAL_WORDS = 5;
/** Word index of the export list block: [count, then count × (export entry number, code address)]. */
export const INSTANCE_EXPORTS = 6;
/** Code address of the on_load function's first instruction, 0 = no on_load. */
export const INSTANCE_ON_LOAD_ENTRY = 7;
export const INSTANCE_ATTRIBUTES = 8; // term word (in the literal area): the Attr chunk
export const INSTANCE_COMPILE_INFO = 9; // term word (in the literal area): the CInf chunk
export const INSTANCE_MD5 = 10; // 4 words: the module MD5 as beam_lib:md5 computes it, big-endian words
export const INSTANCE_SERIAL = 14; // load serial, unique per prepared instance
/**
 * Word index of the extra-literal list block, 0 = none: [count, then count block word
 * indexes]. Each block holds one term the code needed beyond LitT (an integer operand too
 * big for a small). They are literals like the literal area: never copied by GC, released
 * with the instance.
 */
export const INSTANCE_EXTRA_LITERALS = 15;
/**
 * Word index of the literal-binary list block, 0 = none: [count, then count data block
 * word indexes]. The refc binaries of the literal area (over 64 bytes) keep their bytes
 * in these reference-counted blocks; freeing the instance drops its reference to each.
 */
export const INSTANCE_LITERAL_BINARIES = 16;
export const INSTANCE_HEADER_WORDS = 17;

/** Layout of both block lists above. */
export const BLOCK_LIST_COUNT = 0;
export const BLOCK_LIST_FIRST = 1;

export const INSTANCE_EXPORT_LIST_COUNT = 0;
export const INSTANCE_EXPORT_LIST_FIRST = 1;
export const INSTANCE_EXPORT_LIST_STRIDE = 2; // export entry number, code address

export const InstanceState = {
  Prepared: 1,
  /** Installed in the module table (current, old or on_load pending) of some index. */
  Installed: 2,
  /** Its areas are freed: nothing may execute or read it any more. */
  Freed: 3,
} as const;
export type InstanceState = (typeof InstanceState)[keyof typeof InstanceState];

/**
 * The word written over every word of a code area when it is freed with poisoning on
 * (test mode). The interpreter must fail loudly when it fetches this as an instruction,
 * so a call into freed code cannot go unnoticed.
 */
export const CODE_POISON_WORD = 0x7bad_c0de | 0;

/** Read access to an instance header. */
export class CodeInstance {
  constructor(
    private readonly arena: LoaderArena,
    /** Word index of the header. */
    readonly header: number,
  ) {}

  private word(offset: number): number {
    return this.arena.i32[this.header + offset];
  }

  get moduleAtom(): number {
    return this.word(INSTANCE_MODULE);
  }
  get state(): InstanceState {
    return Atomics.load(this.arena.i32, this.header + INSTANCE_STATE) as InstanceState;
  }
  get codeArea(): number {
    return this.word(INSTANCE_CODE_AREA);
  }
  get codeWords(): number {
    return this.word(INSTANCE_CODE_WORDS);
  }
  get literalArea(): number {
    return this.word(INSTANCE_LITERAL_AREA);
  }
  get literalWords(): number {
    return this.word(INSTANCE_LITERAL_WORDS);
  }
  get onLoadEntry(): number {
    return this.word(INSTANCE_ON_LOAD_ENTRY);
  }
  get attributes(): number {
    return this.word(INSTANCE_ATTRIBUTES);
  }
  get compileInfo(): number {
    return this.word(INSTANCE_COMPILE_INFO);
  }
  get serial(): number {
    return this.word(INSTANCE_SERIAL);
  }
  get md5(): Uint8Array {
    const bytes = new Uint8Array(16);
    for (let i = 0; i < 4; i++) {
      const word = this.word(INSTANCE_MD5 + i);
      bytes[i * 4] = word >>> 24;
      bytes[i * 4 + 1] = (word >>> 16) & 0xff;
      bytes[i * 4 + 2] = (word >>> 8) & 0xff;
      bytes[i * 4 + 3] = word & 0xff;
    }
    return bytes;
  }

  /** The exports: export entry number and code address of each. */
  exports(): Array<{ entry: number; codeAddress: number }> {
    const list = this.word(INSTANCE_EXPORTS);
    if (list === 0) return [];
    const words = this.arena.i32;
    const count = words[list + INSTANCE_EXPORT_LIST_COUNT];
    const result: Array<{ entry: number; codeAddress: number }> = [];
    for (let i = 0; i < count; i++) {
      const at = list + INSTANCE_EXPORT_LIST_FIRST + i * INSTANCE_EXPORT_LIST_STRIDE;
      result.push({ entry: words[at], codeAddress: words[at + 1] });
    }
    return result;
  }

  /**
   * The word index of this instance's fun table entry for the fun with `index` and
   * `oldUniq` (the identity a closure carries), or 0 when its code has no such fun.
   */
  funEntry(index: number, oldUniq: number): number {
    const words = this.arena.i32;
    const area = this.codeArea;
    const table = area + words[area + CODE_HEADER_FUNS_OFFSET];
    const count = words[area + CODE_HEADER_FUNS_COUNT];
    for (let i = 0; i < count; i++) {
      const entry = table + i * FUN_ENTRY_WORDS;
      if (words[entry + FUN_INDEX] === index && words[entry + FUN_OLD_UNIQ] === oldUniq) return entry;
    }
    return 0;
  }

  /** True when `address` lies in this instance's code area. */
  containsCode(address: number): boolean {
    const start = this.codeArea;
    return address >= start && address < start + this.codeWords;
  }

  /** Word indexes of the extra literal blocks (see INSTANCE_EXTRA_LITERALS). */
  extraLiteralBlocks(): number[] {
    return this.blockList(INSTANCE_EXTRA_LITERALS);
  }

  /** Refc binary data blocks the literal area holds a reference to. */
  literalBinaryBlocks(): number[] {
    return this.blockList(INSTANCE_LITERAL_BINARIES);
  }

  private blockList(offset: number): number[] {
    const list = this.word(offset);
    if (list === 0) return [];
    const words = this.arena.i32;
    const count = words[list + BLOCK_LIST_COUNT];
    const blocks: number[] = [];
    for (let i = 0; i < count; i++) blocks.push(words[list + BLOCK_LIST_FIRST + i]);
    return blocks;
  }

  /**
   * Word ranges [start, end) of every literal block of the instance (the literal area
   * and the extra literal blocks): what a process must copy out of (copy-literals) before
   * the instance is freed. Refc binary data is reference counted and needs no copy.
   */
  literalRanges(): Array<readonly [number, number]> {
    const ranges: Array<readonly [number, number]> = [];
    if (this.literalArea !== 0) ranges.push([this.literalArea, this.literalArea + this.literalWords]);
    for (const block of this.extraLiteralBlocks()) ranges.push([block, block + this.arena.blockWords(block)]);
    return ranges;
  }

  /** True when `address` lies in any literal block of the instance (see `literalRanges`). */
  referencesLiteral(address: number): boolean {
    for (const [start, end] of this.literalRanges()) if (address >= start && address < end) return true;
    return false;
  }

  /** True when `address` lies in this instance's literal area (not counting extra literal blocks). */
  containsLiteral(address: number): boolean {
    const start = this.literalArea;
    return start !== 0 && address >= start && address < start + this.literalWords;
  }
}
