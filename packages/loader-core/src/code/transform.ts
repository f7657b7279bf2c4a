import { BOXED, OPCODES, opcodeByName, SLOT_AUX, SLOT_KIND, SLOT_VALUE, SLOT_WORDS, SlotKind, type InstructionReader } from '@beamload/beam-format';
import { fitsSmall, makeSmall, NIL } from '@beamload/terms';
import { LoadError } from '../errors.js';
import {
  CODE_FORMAT_VERSION,
  CODE_HEADER_CODE_OFFSET,
  CODE_HEADER_CODE_WORDS,
  CODE_HEADER_EXPORTS_COUNT,
  CODE_HEADER_EXPORTS_OFFSET,
  CODE_HEADER_FILES_COUNT,
  CODE_HEADER_FILES_OFFSET,
  CODE_HEADER_FUNCTIONS_COUNT,
  CODE_HEADER_FUNCTIONS_OFFSET,
  CODE_HEADER_FUNS_COUNT,
  CODE_HEADER_FUNS_OFFSET,
  CODE_HEADER_IMPORTS_COUNT,
  CODE_HEADER_IMPORTS_OFFSET,
  CODE_HEADER_LINES_COUNT,
  CODE_HEADER_LINES_OFFSET,
  CODE_HEADER_MAGIC,
  CODE_HEADER_MODULE,
  CODE_HEADER_ON_LOAD,
  CODE_HEADER_STRINGS_BYTES,
  CODE_HEADER_STRINGS_OFFSET,
  CODE_HEADER_TOTAL_WORDS,
  CODE_HEADER_VERSION,
  CODE_HEADER_WORDS,
  CODE_MAGIC,
  FUN_ENTRY_WORDS,
  FUNCTION_ENTRY_WORDS,
  LINE_ENTRY_WORDS,
} from './code-area-layout.js';
import type { CodeEnv, CodeInput, ImportEntry, LambdaEntry } from './code-input.js';
import { Op } from './instructions.js';
import { WordBuffer } from './word-buffer.js';
import {
  BinarySegment,
  BsMatchCommand,
  FIELD_FLAG_LITTLE,
  FIELD_FLAG_SIGNED,
  UpdateRecordMode,
  floatRegisterWord,
  MAX_FLOAT_REGISTERS,
  MAX_X_REGISTERS,
  xRegisterWord,
  yRegisterWord,
} from './operand-words.js';

/** Words a float occupies on the heap (header + 64 bits). */
export const FLOAT_HEAP_WORDS = 3;
/**
 * Words of a closure on the heap besides its free variables: `@beamload/terms`' layout
 * (term/fun.ts) has 12 fixed words (header, fun entry, arity, indexes, uniq, module, pid).
 */
export const FUN_HEAP_WORDS = 12;

/** A module's code, transformed, with addresses relative to the area's first word. */
export interface TransformedCode {
  readonly module: string;
  /** The whole code area (header, code, tables, strings). */
  readonly words: Int32Array;
  /** Positions in `words` holding a word address relative to the area (add the base). */
  readonly codeRelocations: Int32Array;
  /** Positions in `words` holding a byte address relative to the area (add base * 4). */
  readonly byteRelocations: Int32Array;
  /**
   * Positions in `words` holding what `env.exportEntry` returned (as is, or as
   * `-1 - value` for a BIF the runtime lacks): a loader that hands out placeholders
   * creates the real export entries only once the whole module has transformed.
   */
  readonly exportReferences: Int32Array;
}

/**
 * Generic instructions -> loaded-code words (docs/loaded-code-format.md). Throws
 * `LoadError('badfile', ...)` naming the instruction and its file offset when the
 * code cannot be loaded. Allocates nothing outside the returned arrays.
 */
export function transformCode(input: CodeInput, env: CodeEnv): TransformedCode {
  const transform = new CodeTransform(input, env);
  transform.translateSome(Number.POSITIVE_INFINITY);
  return transform.end();
}

/**
 * A transform the caller drives a bounded number of instructions at a time, so a
 * sliced prepare can yield in between. The generic instructions are decoded from
 * `input.code` as they are translated, one at a time into reused buffers.
 */
export interface IncrementalCodeTransform {
  /** Decodes and translates up to `count` more instructions, stopping after int_code_end. */
  translateSome(count: number): void;
  /** True once int_code_end was translated. */
  readonly hasEnded: boolean;
  /** True when nothing is left to translate (int_code_end seen, or the chunk exhausted). */
  readonly done: boolean;
  /** After the last instruction: checks the end and builds the tables. */
  end(): TransformedCode;
}

export function startCodeTransform(input: CodeInput, env: CodeEnv): IncrementalCodeTransform {
  return new CodeTransform(input, env);
}

/**
 * `transformCode` in bounded pieces: yields after every `instructionsPerSlice` generic
 * instructions (the tables at the end are one more piece), so a loading process can
 * give its scheduler back in between. Same result and errors as `transformCode`.
 */
export function* transformCodeInSlices(input: CodeInput, env: CodeEnv, instructionsPerSlice: number): Generator<void, TransformedCode, unknown> {
  const transform = startCodeTransform(input, env);
  while (!transform.done) {
    transform.translateSome(Math.max(1, instructionsPerSlice));
    yield;
  }
  return transform.end();
}

/** How emitSimple reads an operand: label, source, destination, unsigned, constant. */
const enum Letter {
  Label = 0,
  Source = 1,
  Destination = 2,
  Unsigned = 3,
  Constant = 4,
}
const LETTERS: Readonly<Record<string, Letter>> = { l: Letter.Label, s: Letter.Source, d: Letter.Destination, u: Letter.Unsigned, c: Letter.Constant };

function letterCodes(letters: string): Uint8Array {
  return Uint8Array.from(letters, (letter) => {
    const code = LETTERS[letter];
    if (code === undefined) throw new Error(`transform table: operand letter ${letter}`);
    return code;
  });
}


/** A select_val over small integers becomes a jump table when its span is at most this + 2 x its values. */
const SELECT_TABLE_SLACK = 16;

const ALLOC_WORDS = 0;
const ALLOC_FLOATS = 1;
const ALLOC_FUNS = 2;

class CodeTransform implements IncrementalCodeTransform {
  private readonly words: WordBuffer;
  private readonly codeRelocations = new WordBuffer();
  private readonly byteRelocations: number[] = [];
  private readonly exportReferences: number[] = [];
  /** Label uses, as (position, label, file offset) triples. */
  private readonly labelFixups = new WordBuffer();
  /** Fun operands, as (position, fun index) pairs. */
  private readonly funFixups: number[] = [];
  /** String operands, as (position, byte offset) pairs. */
  private readonly stringFixups: number[] = [];
  private readonly labelAddresses: Int32Array;
  /** Function table rows: (name atom, arity, func_info address, entry address). */
  private readonly functions: number[] = [];
  /** Line table rows: (address, file, line). */
  private readonly lines: number[] = [];
  private readonly moduleName: string;
  private readonly atomWords: number[];
  private readonly reader: InstructionReader;
  /** The reader's operand slots (`reader.operands.words`, fetched after each decode). */
  private slots: Int32Array;
  private onLoadAddress = 0;
  private pendingTuple: { destination: number; arity: number; items: number[]; offset: number } | undefined;
  private pendingBifArity = -1;
  /** Set by matchBits when a bs_match command's size cannot be met. */
  matchNeverSucceeds = false;
  private pendingBif = 0;
  /**
   * Superinstructions (docs/loaded-code-format.md, "Fused instructions"): where the last
   * instruction emitted starts (-1: none), and the address of the last label or line
   * entry. An instruction may merge into the previous one only when nothing lies between
   * them: no label (a jump could land between the two) and no line entry (a location
   * would then start inside an instruction).
   */
  private previousStart = -1;
  /** Where the instruction before the previous one starts (-1: none); see foldIntoBeforePrevious. */
  private beforePreviousStart = -1;
  private boundary = -1;
  /** Set by a translation that merged its instruction into the previous one. */
  private merged = false;
  /** BIF numbers of erlang:'+'/2 and erlang:'-'/2 (-1 when the runtime has none). */
  private readonly plusBif: number;
  private readonly minusBif: number;
  private translating = false;
  private ended = false;

  constructor(
    private readonly input: CodeInput,
    private readonly env: CodeEnv,
  ) {
    this.moduleName = input.atoms[1];
    this.reader = input.code;
    this.slots = this.reader.operands.words;
    // Nearly every emitted word stands for at least one byte of the chunk (an opcode or
    // an operand): the chunk size plus the tables is close to the final length.
    this.words = new WordBuffer(CODE_HEADER_WORDS + this.reader.byteLength + (input.lines?.items.length ?? 0) * LINE_ENTRY_WORDS);
    this.labelAddresses = new Int32Array(Math.max(input.labelCount, 1)).fill(-1);
    this.atomWords = input.atoms.map((name, index) => (index === 0 ? NIL : env.atom(name)));
    this.plusBif = env.bifNumber('erlang', '+', 2);
    this.minusBif = env.bifNumber('erlang', '-', 2);
    for (let i = 0; i < CODE_HEADER_WORDS; i++) this.words.add(0);
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  get done(): boolean {
    return this.ended || this.reader.done;
  }

  translateSome(count: number): void {
    const reader = this.reader;
    for (let translated = 0; translated < count && !this.ended && !reader.done; translated++) {
      reader.next();
      this.slots = reader.operands.words;
      this.translating = true;
      this.translate(reader.opcode);
      this.translating = false;
    }
  }

  end(): TransformedCode {
    if (!this.ended) this.fail('the code does not end with int_code_end', this.input.codeChunkOffset ?? 0);
    if (this.pendingTuple) this.fail('put_tuple without all of its put instructions', this.pendingTuple.offset);
    return this.finish();
  }

  // ---- errors ----

  fail(reason: string, offset?: number): never {
    const at = offset ?? (this.translating ? this.reader.offset : 0);
    throw new LoadError('badfile', reason, at, 'Code', [this.moduleName ?? '']);
  }

  // ---- operands: slot s of the current instruction (0..arity-1 are its operands) ----

  kind(s: number): number {
    return this.slots[s * SLOT_WORDS + SLOT_KIND];
  }

  value(s: number): number {
    return this.slots[s * SLOT_WORDS + SLOT_VALUE];
  }

  kindName(s: number): string {
    return this.reader.operands.kindName(s);
  }

  // ---- emission ----

  get address(): number {
    return this.words.length;
  }

  emit(word: number): void {
    this.words.add(word);
  }

  emitLabel(s: number): void {
    const kind = this.kind(s);
    if (kind === SlotKind.a) {
      // bs_start_match4 takes {atom,no_fail} or {atom,resume}: no fail label.
      this.emit(0);
      return;
    }
    if (kind !== SlotKind.f) this.fail(`expected a label, found ${this.kindName(s)}`);
    const label = this.value(s);
    if (label === 0) {
      this.emit(0);
      return;
    }
    if (label < 0 || label >= this.labelAddresses.length) this.fail(`label ${label} out of range`);
    const fixups = this.labelFixups;
    fixups.add(this.address);
    fixups.add(label);
    fixups.add(this.reader.offset);
    this.emit(0);
  }

  unsigned(s: number): number {
    const kind = this.kind(s);
    const value = this.value(s);
    if ((kind === SlotKind.u || kind === SlotKind.i) && value >= 0) return value;
    this.fail(`expected an unsigned integer, found ${this.kindName(s)}`);
  }

  /** Term word for an atom, integer, nil or literal operand; undefined for registers. */
  constantWord(s: number): number | undefined {
    const kind = this.kind(s);
    switch (kind) {
      case SlotKind.a: {
        const word = this.atomWords[this.value(s)];
        if (word === undefined) this.fail(`atom index ${this.value(s)} out of range`);
        return word;
      }
      case SlotKind.i:
      case SlotKind.u: {
        const value = this.value(s);
        return fitsSmall(value) ? makeSmall(value) : this.env.integerLiteral(BigInt(value));
      }
      case SlotKind.i | BOXED:
      case SlotKind.u | BOXED:
        // Not an int32, so not a small either.
        return this.env.integerLiteral(BigInt(this.reader.operands.number(s)));
      case SlotKind.literal:
        return this.env.literal(this.value(s));
      case SlotKind.float:
        this.fail('inline float operands (pre-R16) are not supported');
      default:
        return undefined;
    }
  }

  /** Register word of an x, y (typed or not) or float register operand; undefined otherwise. */
  registerWord(s: number): number | undefined {
    switch (this.kind(s)) {
      case SlotKind.x: {
        const index = this.value(s);
        if (index >= MAX_X_REGISTERS) this.fail(`x register ${index} out of range`);
        return xRegisterWord(index);
      }
      case SlotKind.y:
        return yRegisterWord(this.value(s));
      case SlotKind.fr: {
        const index = this.value(s);
        if (index >= MAX_FLOAT_REGISTERS) this.fail(`float register ${index} out of range`);
        return floatRegisterWord(index);
      }
      default:
        return undefined;
    }
  }

  sourceWord(s: number): number {
    const register = this.registerWord(s);
    if (register !== undefined) return register;
    const constant = this.constantWord(s);
    if (constant !== undefined) return constant;
    this.fail(`expected a source operand, found ${this.kindName(s)}`);
  }

  destinationWord(s: number): number {
    const register = this.registerWord(s);
    if (register === undefined) this.fail(`expected a register, found ${this.kindName(s)}`);
    return register;
  }

  /** First element slot of list operand `s` (its length is `listLength(s)`). */
  listFirst(s: number): number {
    if (this.kind(s) !== SlotKind.list) this.fail('expected a list operand');
    return this.value(s);
  }

  listLength(s: number): number {
    return this.slots[s * SLOT_WORDS + SLOT_AUX];
  }

  heapWords(s: number): number {
    if (this.kind(s) !== SlotKind.alloc) return this.unsigned(s);
    const first = this.value(s);
    const count = this.listLength(s);
    let words = 0;
    for (let item = first; item < first + count; item++) {
      if (this.kind(item) !== SlotKind.allocItem) this.fail('allocation count out of range');
      const itemCount = this.value(item);
      const itemKind = this.slots[item * SLOT_WORDS + SLOT_AUX];
      if (itemKind === ALLOC_WORDS) words += itemCount;
      else if (itemKind === ALLOC_FLOATS) words += itemCount * FLOAT_HEAP_WORDS;
      else if (itemKind === ALLOC_FUNS) words += itemCount * FUN_HEAP_WORDS;
    }
    return words;
  }

  emitString(offset: number, length: number): void {
    if (offset < 0 || length < 0 || offset + length > this.input.strings.length) {
      this.fail(`string (offset ${offset}, ${length} bytes) outside the string table`);
    }
    this.stringFixups.push(this.address, offset);
    this.emit(0);
  }

  importOf(s: number): ImportEntry {
    const index = this.unsigned(s);
    const entry = this.input.imports[index];
    if (entry === undefined) this.fail(`import index ${index} out of range`);
    if (this.input.atoms[entry.module] === undefined || this.input.atoms[entry.function] === undefined) {
      this.fail(`import ${index} names an unknown atom`);
    }
    return entry;
  }

  /** Emits a call through an import: a BIF number when it is one, else an export entry. */
  emitExternalCall(bifOp: number, exportOp: number, arity: number, importSlot: number, deallocate: number): void {
    const target = this.importOf(importSlot);
    const atoms = this.input.atoms;
    const module = atoms[target.module];
    const name = atoms[target.function];
    const bif = this.env.bifNumber(module, name, target.arity);
    if (bif >= 0) {
      this.emit(bifOp);
      this.emit(arity);
      this.emit(bif);
    } else {
      this.emit(exportOp);
      this.emit(arity);
      this.exportReferences.push(this.address);
      this.emit(this.env.exportEntry(module, name, target.arity));
    }
    if (deallocate >= 0) this.emit(deallocate);
  }

  /**
   * BIF number of a bif/gc_bif import. A BIF the runtime does not implement is encoded as
   * `-1 - exportEntry`, so the file still loads and the call raises `undef` naming it.
   */
  guardBif(importSlot: number): number {
    const target = this.importOf(importSlot);
    const atoms = this.input.atoms;
    const module = atoms[target.module];
    const name = atoms[target.function];
    const bif = this.env.bifNumber(module, name, target.arity);
    if (bif >= 0) return bif;
    // Every caller emits the returned word next.
    this.exportReferences.push(this.address);
    return -1 - this.env.exportEntry(module, name, target.arity);
  }

  /** Emits `op`, then operand i read as `letters[i]` says, for operands 0..n-1. */
  emitSimple(op: number, letters: Uint8Array): void {
    this.emit(op);
    for (let s = 0; s < letters.length; s++) {
      switch (letters[s]) {
        case Letter.Label:
          this.emitLabel(s);
          break;
        case Letter.Source:
          this.emit(this.sourceWord(s));
          break;
        case Letter.Destination:
          this.emit(this.destinationWord(s));
          break;
        case Letter.Unsigned:
          this.emit(this.unsigned(s));
          break;
        default: {
          const constant = this.constantWord(s);
          if (constant === undefined) this.fail('expected a constant operand');
          this.emit(constant);
        }
      }
    }
  }

  /**
   * gc_bif2 of erlang:'+'/2 or '-'/2 gets its own opcode (same operands): the interpreter
   * goes straight to the small-integer case instead of testing the BIF number.
   */
  specializeArithmetic(start: number, bif: number): void {
    if (bif < 0) return;
    if (bif === this.plusBif) this.words.set(start, Op.gc_bif_plus);
    else if (bif === this.minusBif) this.words.set(start, Op.gc_bif_minus);
  }

  isImmediateConstant(s: number): boolean {
    const kind = this.kind(s);
    return kind === SlotKind.a || (kind === SlotKind.i && fitsSmall(this.value(s)));
  }

  // ---- the translation, one generic instruction at a time ----

  private translate(opcode: number): void {
    if (this.pendingTuple && opcode !== GENERIC_PUT) this.fail('put_tuple without all of its put instructions');
    if (this.pendingBifArity >= 0 && opcode !== GENERIC_LABEL) {
      // The function's entry (the label after func_info) runs the native BIF; its own
      // body stays in place, unreachable except through its internal labels.
      this.beforePreviousStart = -1;
      this.previousStart = this.address;
      this.emit(Op.call_bif_only);
      this.emit(this.pendingBifArity);
      this.emit(this.pendingBif);
      this.pendingBifArity = -1;
    }
    const translation = TRANSLATIONS[opcode];
    if (translation === undefined) this.fail(`unsupported instruction ${this.reader.name}/${this.reader.arity}`);
    const start = this.address;
    this.merged = false;
    translation(this);
    if (!this.merged && this.address > start) {
      this.beforePreviousStart = this.previousStart;
      this.previousStart = start;
    }
  }

  // ---- superinstructions ----

  /**
   * Opcode of the previous instruction when the one being translated may merge into it
   * (it directly follows, with no label or line entry in between); -1 otherwise.
   */
  fusablePrevious(): number {
    if (this.previousStart < 0 || this.boundary === this.address) return -1;
    return this.words.get(this.previousStart);
  }

  /**
   * Turns the previous instruction into `fused`, keeping its operand words in place (their
   * label fixups stay valid); the caller appends the merged instruction's operands.
   */
  mergeIntoPrevious(fused: number): void {
    this.words.set(this.previousStart, fused);
    this.merged = true;
  }

  /**
   * Opcode of the instruction before the previous one when the previous one is fusable and
   * nothing (no label, no line entry) lies between the two either; -1 otherwise.
   */
  fusableBeforePrevious(): number {
    if (this.fusablePrevious() < 0 || this.beforePreviousStart < 0 || this.boundary === this.previousStart) return -1;
    return this.words.get(this.beforePreviousStart);
  }

  /**
   * Turns the instruction before the previous one into `fused` and folds the previous one
   * into it: the previous one's opcode word goes, its operand words move down one and
   * follow the earlier instruction's. Only for a previous instruction without label
   * operands (their fixups point at fixed addresses).
   */
  foldIntoBeforePrevious(fused: number): void {
    const from = this.previousStart;
    const end = this.address;
    for (let at = from + 1; at < end; at++) this.words.set(at - 1, this.words.get(at));
    this.words.length = end - 1;
    this.words.set(this.beforePreviousStart, fused);
    this.previousStart = this.beforePreviousStart;
    this.beforePreviousStart = -1;
    this.merged = true;
  }

  /**
   * `return`: merges into a directly preceding `deallocate N` as `deallocate_return N`, and
   * when an arithmetic `gc_bif` or a `test_heap_put_list` directly precedes that
   * deallocate (`f(N - 1) + f(N - 2)`, `[H | f(T)]` at the end of a body-recursive
   * function), all three become one instruction.
   */
  translateReturn(): void {
    if (this.fusablePrevious() !== Op.deallocate) {
      this.emit(Op.return);
      return;
    }
    const fused = DEALLOCATE_RETURN_FUSIONS.get(this.fusableBeforePrevious());
    if (fused !== undefined) this.foldIntoBeforePrevious(fused);
    else this.mergeIntoPrevious(Op.deallocate_return);
  }

  /** `call`: merges into a directly preceding `move2` (setting up its arguments) as `move2_call`. */
  translateCall(): void {
    if (this.fusablePrevious() === Op.move2) this.mergeIntoPrevious(Op.move2_call);
    else this.emit(Op.call);
    this.emit(this.unsigned(0));
    this.emitLabel(1);
  }

  /** `put_list`: merges into a directly preceding `test_heap` as `test_heap_put_list`. */
  translatePutList(): void {
    if (this.fusablePrevious() === Op.test_heap) this.mergeIntoPrevious(Op.test_heap_put_list);
    else this.emit(Op.put_list);
    this.emit(this.sourceWord(0));
    this.emit(this.sourceWord(1));
    this.emit(this.destinationWord(2));
  }

  /**
   * `allocate` (and `allocate_zero`: y slots always start as NIL): merges into a directly
   * preceding `is_nonempty_list` as `is_nonempty_list_allocate` (a list function's clause),
   * or into an arithmetic `gc_bif` (`f(N) -> ... f(N - 1) ...`: the argument is computed
   * before the frame is made).
   */
  translateAllocate(): void {
    const fused = ALLOCATE_FUSIONS.get(this.fusablePrevious());
    if (fused !== undefined) this.mergeIntoPrevious(fused);
    else this.emit(Op.allocate);
    this.emit(this.unsigned(0));
    this.emit(this.unsigned(1));
  }

  /**
   * The previous instruction, a move of any form, as its (source, destination) words, or
   * undefined when the previous instruction is not a move that may merge.
   */
  previousMove(): [number, number] | undefined {
    const op = this.fusablePrevious();
    if (op < 0) return undefined;
    const a = this.words.get(this.previousStart + 1);
    const b = this.words.get(this.previousStart + 2);
    switch (op) {
      case Op.move:
        return [a, b];
      case Op.move_xx:
        return [xRegisterWord(a), xRegisterWord(b)];
      case Op.move_cx:
        return [a, xRegisterWord(b)];
      case Op.move_xy:
        return [xRegisterWord(a), yRegisterWord(b)];
      case Op.move_yx:
        return [yRegisterWord(a), xRegisterWord(b)];
      default:
        return undefined;
    }
  }

  endCode(): void {
    this.emit(Op.int_code_end);
    this.ended = true;
  }

  setOnLoad(): void {
    const functions = this.functions;
    if (functions.length === 0) this.fail('on_load outside a function');
    this.onLoadAddress = functions[functions.length - 1];
  }

  defineLabel(label: number): void {
    if (label <= 0 || label >= this.labelAddresses.length) this.fail(`label ${label} out of range`);
    if (this.labelAddresses[label] !== -1) this.fail(`label ${label} defined twice`);
    this.labelAddresses[label] = this.address;
    this.boundary = this.address;
  }

  recordLine(item: number): void {
    if (item === 0) return;
    const table = this.input.lines;
    if (table === undefined || item >= table.items.length) return;
    const location = table.items[item];
    this.boundary = this.address;
    const lines = this.lines;
    const last = lines.length - 3;
    if (last >= 0 && lines[last] === this.address) {
      lines[last + 1] = location.file;
      lines[last + 2] = location.line;
    } else {
      lines.push(this.address, location.file, location.line);
    }
  }

  translateFuncInfo(): void {
    const moduleWord = this.constantWord(0);
    if (this.kind(1) !== SlotKind.a || moduleWord === undefined) this.fail('func_info without module and name atoms');
    const nameIndex = this.value(1);
    const functionName = this.input.atoms[nameIndex];
    const nameWord = this.atomWords[nameIndex];
    if (functionName === undefined || nameWord === undefined) this.fail(`atom index ${nameIndex} out of range`);
    const arity = this.unsigned(2);
    const infoAddress = this.address;
    this.emit(Op.func_info);
    this.emit(moduleWord);
    this.emit(nameWord);
    this.emit(arity);
    this.functions.push(nameWord, arity, infoAddress, this.address);
    const bif = this.env.bifNumber(this.moduleName, functionName, arity);
    if (bif >= 0) {
      this.pendingBifArity = arity;
      this.pendingBif = bif;
    }
  }

  translateMove(): void {
    // Two moves in a row (saving an argument to the stack and setting the next call's, or
    // shuffling arguments) become one move2: one dispatch instead of two.
    const previous = this.previousMove();
    if (previous !== undefined) {
      this.mergeIntoPrevious(Op.move2);
      this.words.set(this.previousStart + 1, previous[0]);
      this.words.set(this.previousStart + 2, previous[1]);
      this.emit(this.sourceWord(0));
      this.emit(this.destinationWord(1));
      return;
    }
    const sourceKind = this.kind(0);
    const destinationKind = this.kind(1);
    const sourceIndex = this.value(0);
    const destinationIndex = this.value(1);
    if (destinationKind === SlotKind.x && destinationIndex < MAX_X_REGISTERS) {
      if (sourceKind === SlotKind.x && sourceIndex < MAX_X_REGISTERS) {
        this.emit(Op.move_xx);
        this.emit(sourceIndex);
        this.emit(destinationIndex);
        return;
      }
      if (sourceKind === SlotKind.y) {
        this.emit(Op.move_yx);
        this.emit(sourceIndex);
        this.emit(destinationIndex);
        return;
      }
      const constant = this.constantWord(0);
      if (constant !== undefined) {
        this.emit(Op.move_cx);
        this.emit(constant);
        this.emit(destinationIndex);
        return;
      }
    }
    if (destinationKind === SlotKind.y && sourceKind === SlotKind.x && sourceIndex < MAX_X_REGISTERS) {
      this.emit(Op.move_xy);
      this.emit(sourceIndex);
      this.emit(destinationIndex);
      return;
    }
    this.emitSimple(Op.move, SOURCE_DESTINATION);
  }

  /** allocate_heap and allocate_heap_zero (before OTP 24): StackNeed HeapNeed Live. */
  translateAllocateHeap(): void {
    this.emit(Op.allocate_heap);
    this.emit(this.unsigned(0));
    this.emit(this.heapWords(1));
    this.emit(this.unsigned(2));
  }

  translateFloatMove(): void {
    const fromFloat = this.kind(0) === SlotKind.fr;
    const toFloat = this.kind(1) === SlotKind.fr;
    if (fromFloat && toFloat) return this.emitSimple(Op.fmove, DESTINATION_DESTINATION);
    if (toFloat) return this.emitSimple(Op.fload, SOURCE_DESTINATION);
    if (fromFloat) return this.emitSimple(Op.fstore, SOURCE_DESTINATION);
    this.fail('fmove between two term operands');
  }

  startTuple(): void {
    const arity = this.unsigned(0);
    const destination = this.destinationWord(1);
    this.pendingTuple = { destination, arity, items: [], offset: this.reader.offset };
    if (arity === 0) this.flushTuple();
  }

  putTupleElement(): void {
    const pending = this.pendingTuple;
    if (!pending) this.fail('put without put_tuple');
    pending.items.push(this.sourceWord(0));
    if (pending.items.length === pending.arity) this.flushTuple();
  }

  private flushTuple(): void {
    const pending = this.pendingTuple!;
    this.pendingTuple = undefined;
    this.emit(Op.put_tuple2);
    this.emit(pending.destination);
    this.emit(pending.items.length);
    for (const item of pending.items) this.emit(item);
  }

  /** Emits the count and a source word per element of list operand `s`. */
  emitSourceList(s: number): void {
    const first = this.listFirst(s);
    const count = this.listLength(s);
    this.emit(count);
    for (let item = first; item < first + count; item++) this.emit(this.sourceWord(item));
  }

  /** select_val (constant values) and select_tuple_arity (arities): Source Fail [Value Label ...]. */
  emitSelect(op: number, constants: boolean): void {
    const first = this.listFirst(2);
    const count = this.listLength(2);
    if (count % 2 !== 0) this.fail(`${this.reader.name} with an odd list`);
    if (constants && this.emitSelectTable(first, count)) return;
    this.emit(op);
    this.emit(this.sourceWord(0));
    this.emitLabel(1);
    this.emit(count);
    for (let item = first; item < first + count; item += 2) {
      if (constants) {
        const value = this.constantWord(item);
        if (value === undefined) this.fail('select_val with a non-constant value');
        this.emit(value);
      } else {
        this.emit(this.unsigned(item));
      }
      this.emitLabel(item + 1);
    }
  }

  /**
   * select_val over small integers whose span is at most SELECT_TABLE_SLACK + 2 x their
   * count: `select_val_table Source Fail Min Count Label...`, one label per value from
   * Min (a small term word) on, the fail label in the holes. The interpreter indexes it
   * instead of comparing value after value. Returns false (nothing emitted) otherwise.
   */
  emitSelectTable(first: number, count: number): boolean {
    const pairs = count / 2;
    if (pairs < 2) return false;
    let min = Number.POSITIVE_INFINITY;
    let max = Number.NEGATIVE_INFINITY;
    for (let item = first; item < first + count; item += 2) {
      if (this.kind(item) !== SlotKind.i || !fitsSmall(this.value(item))) return false;
      min = Math.min(min, this.value(item));
      max = Math.max(max, this.value(item));
    }
    const span = max - min + 1;
    if (span > SELECT_TABLE_SLACK + 2 * pairs) return false;
    // The first pair naming a value wins, as in the linear select_val.
    const slotOf = new Int32Array(span).fill(-1);
    for (let item = first; item < first + count; item += 2) {
      const index = this.value(item) - min;
      if (slotOf[index] < 0) slotOf[index] = item + 1;
    }
    this.emit(Op.select_val_table);
    this.emit(this.sourceWord(0));
    this.emitLabel(1);
    this.emit(makeSmall(min));
    this.emit(span);
    for (let index = 0; index < span; index++) this.emitLabel(slotOf[index] < 0 ? 1 : slotOf[index]);
    return true;
  }

  lambda(index: number): LambdaEntry {
    const lambda = this.input.lambdas[index];
    if (lambda === undefined) this.fail(`fun index ${index} out of range (FunT has ${this.input.lambdas.length})`);
    return lambda;
  }

  emitFun(index: number): void {
    this.funFixups.push(this.address, index);
    this.emit(0);
  }

  segmentFlags(s: number): number {
    const kind = this.kind(s);
    if (kind === SlotKind.u) return this.value(s);
    if (kind === SlotKind.a && this.value(s) === 0) return 0;
    if (kind === SlotKind.literal) {
      const names = this.env.literalAtomList(this.value(s));
      if (names === undefined) this.fail('bs_create_bin flags literal is not a list of atoms');
      let flags = 0;
      for (const flag of names) {
        if (flag === 'little') flags |= 2;
        else if (flag === 'signed') flags |= 4;
        else if (flag === 'native') flags |= 16;
        else if (flag === 'big' || flag === 'unsigned' || flag === 'aligned') continue;
        else this.fail(`unknown binary segment flag ${flag}`);
      }
      return flags;
    }
    this.fail(`bad binary segment flags operand ${this.kindName(s)}`);
  }

  translateCreateBinary(): void {
    const first = this.listFirst(5);
    const count = this.listLength(5);
    if (count % 6 !== 0) this.fail('bs_create_bin segment list is not a multiple of 6');
    this.emit(Op.bs_create_bin);
    this.emitLabel(0);
    this.emit(this.heapWords(1));
    this.emit(this.unsigned(2));
    this.emit(this.unsigned(3));
    this.emit(this.destinationWord(4));
    this.emit((count / 6) * 5);
    for (let i = first; i < first + count; i += 6) {
      if (this.kind(i) !== SlotKind.a) this.fail('bs_create_bin segment type is not an atom');
      const typeName = this.input.atoms[this.value(i)] as keyof typeof BinarySegment;
      const type = BinarySegment[typeName];
      if (type === undefined) this.fail(`unknown bs_create_bin segment type ${String(typeName)}`);
      this.emit(type);
      this.emit(this.unsigned(i + 2));
      this.emit(this.segmentFlags(i + 3));
      if (type === BinarySegment.string) {
        const offset = this.unsigned(i + 4);
        const length = this.unsigned(i + 5);
        this.emitString(offset, length);
        this.emit(makeSmall(length));
      } else {
        this.emit(this.sourceWord(i + 4));
        this.emit(this.sourceWord(i + 5));
      }
    }
  }

  /**
   * update_record Hint Size Src Dst [Index Value ...] (OTP 26). The hint is only a hint
   * (genop.tab): `reuse` may hand back Src itself; `copy`, `inplace` and hints added later
   * all copy, since mutating a tuple in place is unsafe here without ERTS's check that the
   * tuple is young and unshared (an old-generation tuple would point at a younger term).
   */
  translateUpdateRecord(): void {
    if (this.kind(0) !== SlotKind.a) this.fail(`update_record hint is not an atom but ${this.kindName(0)}`);
    const hint = this.input.atoms[this.value(0)];
    const size = this.unsigned(1);
    if (size < 1) this.fail('update_record of a tuple of size 0');
    const first = this.listFirst(4);
    const count = this.listLength(4);
    if (count === 0 || count % 2 !== 0) this.fail(`update_record with an update list of ${count} operands (index/value pairs expected)`);
    this.emit(Op.update_record);
    this.emit(hint === 'reuse' ? UpdateRecordMode.reuse : UpdateRecordMode.copy);
    this.emit(size);
    this.emit(this.sourceWord(2));
    this.emit(this.destinationWord(3));
    this.emit(count);
    let previous = 0;
    for (let item = first; item < first + count; item += 2) {
      const index = this.unsigned(item);
      if (index <= previous || index > size) {
        this.fail(`update_record index ${index} is not ascending within the tuple's ${size} elements`);
      }
      previous = index;
      this.emit(index);
      this.emit(this.sourceWord(item + 1));
    }
  }

  /**
   * bs_match Fail Ctx {commands, [...]} (OTP 26): the command list is flat, each command
   * an atom followed by its fields (BS_MATCH_COMMANDS). A command the loader does not
   * know, or one missing fields, refuses the module, as ERTS's bad_bs_match does.
   */
  translateBsMatch(): void {
    const first = this.listFirst(2);
    const end = first + this.listLength(2);
    if (this.kind(0) !== SlotKind.f || this.value(0) === 0) this.fail('bs_match without a fail label');
    const start = this.address;
    this.matchNeverSucceeds = false;
    this.emit(Op.bs_match);
    this.emitLabel(0);
    const context = this.registerWord(1);
    if (context === undefined) this.fail(`bs_match context is not a register but ${this.kindName(1)}`);
    this.emit(context);
    const countAt = this.address;
    this.emit(0);
    let item = first;
    while (item < end) {
      if (this.kind(item) !== SlotKind.a) this.fail(`bs_match command is not an atom but ${this.kindName(item)}`);
      const name = this.input.atoms[this.value(item)];
      const command = BS_MATCH_COMMANDS[name];
      if (command === undefined) this.fail(`unknown bs_match command ${name}`);
      if (item + 1 + command.fields > end) this.fail(`bs_match command ${name} needs ${command.fields} fields`);
      command.emit(this, item + 1);
      item += 1 + command.fields;
    }
    this.words.set(countAt, this.address - countAt - 1);
    if (this.matchNeverSucceeds) {
      // A size no bitstring here can have (bit counts are 32-bit): the match can only
      // fail, so it becomes a jump to Fail, as ERTS's loader turns an overflowing size.
      this.words.set(start, Op.jump);
      this.words.length = start + 2;
    }
  }

  /**
   * A bs_match size in bits: Size x Unit (no unit slot: -1). A size beyond the match
   * context's 32-bit bit counts sets matchNeverSucceeds (and reads as 0).
   */
  matchBits(sizeSlot: number, unitSlot: number): number {
    // A u beyond an int32 is boxed; up to 2^53 it stays exact as a number, and beyond that
    // it is over the limit anyway.
    const size = this.kind(sizeSlot) === (SlotKind.u | BOXED) ? Number(this.reader.operands.number(sizeSlot)) : this.unsigned(sizeSlot);
    const bits = size * (unitSlot < 0 ? 1 : this.unsigned(unitSlot));
    if (bits <= 0xffffffff) return bits;
    this.matchNeverSucceeds = true;
    return 0;
  }

  /** Live of a bs_match command: a count, or nil where it cannot collect ('=:='). */
  matchLive(s: number): number {
    if (this.kind(s) === SlotKind.a && this.value(s) === 0) return 0;
    return this.unsigned(s);
  }

  /**
   * Flags of a bs_match integer: nil or a literal list of atoms. `native` reads as little
   * endian, as ERTS does on the little-endian hosts Node runs on (x86-64, arm64).
   */
  matchFlags(s: number): number {
    if (this.kind(s) === SlotKind.a && this.value(s) === 0) return 0;
    if (this.kind(s) !== SlotKind.literal) this.fail(`bs_match flags are not nil or a literal but ${this.kindName(s)}`);
    const names = this.env.literalAtomList(this.value(s));
    if (names === undefined) this.fail('bs_match flags literal is not a list of atoms');
    let flags = 0;
    for (const flag of names) {
      if (flag === 'little' || flag === 'native') flags |= FIELD_FLAG_LITTLE;
      else if (flag === 'signed') flags |= FIELD_FLAG_SIGNED;
      else if (flag !== 'big' && flag !== 'unsigned' && flag !== 'aligned') this.fail(`unknown bs_match flag ${flag}`);
    }
    return flags;
  }

  /** The 64-bit value of a bs_match '=:=' as two words, high then low. */
  emitMatchValue(s: number): void {
    const kind = this.kind(s) & ~BOXED;
    if (kind !== SlotKind.u && kind !== SlotKind.i) this.fail(`bs_match '=:=' value is not an integer but ${this.kindName(s)}`);
    const value = BigInt(this.reader.operands.number(s));
    if (value < 0n || value >= 1n << 64n) this.fail(`bs_match '=:=' value ${value} does not fit 64 bits`);
    this.emit(Number(value >> 32n) | 0);
    this.emit(Number(value & 0xffffffffn) | 0);
  }

  // ---- tables ----

  private finish(): TransformedCode {
    this.translating = false;
    const codeWords = this.words.length - CODE_HEADER_WORDS;
    const labelFixups = this.labelFixups.view();
    for (let i = 0; i < labelFixups.length; i += 3) {
      const position = labelFixups[i];
      const label = labelFixups[i + 1];
      const address = this.labelAddresses[label];
      if (address < 0) this.fail(`label ${label} is used but never defined`, labelFixups[i + 2]);
      this.words.set(position, address);
      this.codeRelocations.add(position);
    }

    const functionsOffset = this.words.length;
    const functions = this.functions;
    for (let i = 0; i < functions.length; i += FUNCTION_ENTRY_WORDS) {
      this.words.push(functions[i], functions[i + 1], functions[i + 2], functions[i + 3]);
      this.codeRelocations.add(this.words.length - 2);
      this.codeRelocations.add(this.words.length - 1);
    }
    const linesOffset = this.words.length;
    const lines = this.lines;
    for (let i = 0; i < lines.length; i += LINE_ENTRY_WORDS) {
      this.words.push(lines[i], lines[i + 1], lines[i + 2]);
      this.codeRelocations.add(this.words.length - 3);
    }
    const funsOffset = this.words.length;
    for (const lambda of this.input.lambdas) {
      const address = lambda.label > 0 && lambda.label < this.labelAddresses.length ? this.labelAddresses[lambda.label] : -1;
      if (address < 0) this.fail(`fun ${lambda.index} points at undefined label ${lambda.label}`, this.input.codeChunkOffset);
      const name = this.atomWords[lambda.function];
      if (name === undefined) this.fail(`fun ${lambda.index} names an unknown atom`, this.input.codeChunkOffset);
      if (lambda.arity < lambda.numFree) this.fail(`fun ${lambda.index} has more free variables than arguments`, this.input.codeChunkOffset);
      this.words.push(address, lambda.arity - lambda.numFree, lambda.numFree, lambda.index, lambda.oldUniq | 0, name, this.atomWords[1]);
      this.codeRelocations.add(this.words.length - FUN_ENTRY_WORDS);
    }
    const funFixups = this.funFixups;
    for (let i = 0; i < funFixups.length; i += 2) {
      this.words.set(funFixups[i], funsOffset + funFixups[i + 1] * FUN_ENTRY_WORDS);
      this.codeRelocations.add(funFixups[i]);
    }
    const filesOffset = this.words.length;
    const files = this.input.lines?.files ?? [];
    const fileNames = files.length > 0 ? files : [`${this.moduleName}.erl`];
    for (const file of fileNames) this.words.push(this.env.atom(file));

    const exportsOffset = this.words.length;
    for (const entry of this.input.exports) {
      const address = entry.label > 0 && entry.label < this.labelAddresses.length ? this.labelAddresses[entry.label] : -1;
      if (address < 0) this.fail(`export of label ${entry.label} that is not defined`, this.input.codeChunkOffset);
      const name = this.atomWords[entry.function];
      if (name === undefined) this.fail('export names an unknown atom', this.input.codeChunkOffset);
      this.words.push(name, entry.arity, address);
      this.codeRelocations.add(this.words.length - 1);
    }
    const importsOffset = this.words.length;
    for (const entry of this.input.imports) {
      const module = this.atomWords[entry.module];
      const name = this.atomWords[entry.function];
      if (module === undefined || name === undefined) this.fail('import names an unknown atom', this.input.codeChunkOffset);
      this.words.push(module, name, entry.arity);
    }

    const stringsOffset = this.words.length;
    const strings = this.input.strings;
    const stringWords = Math.ceil(strings.length / 4);
    for (let i = 0; i < stringWords; i++) {
      const b = i * 4;
      this.words.push((strings[b] ?? 0) | ((strings[b + 1] ?? 0) << 8) | ((strings[b + 2] ?? 0) << 16) | ((strings[b + 3] ?? 0) << 24));
    }
    const stringFixups = this.stringFixups;
    for (let i = 0; i < stringFixups.length; i += 2) {
      this.words.set(stringFixups[i], stringsOffset * 4 + stringFixups[i + 1]);
      this.byteRelocations.push(stringFixups[i]);
    }

    const header = this.words.view();
    header[CODE_HEADER_MAGIC] = CODE_MAGIC;
    header[CODE_HEADER_VERSION] = CODE_FORMAT_VERSION;
    header[CODE_HEADER_MODULE] = this.atomWords[1];
    header[CODE_HEADER_TOTAL_WORDS] = this.words.length;
    header[CODE_HEADER_CODE_OFFSET] = CODE_HEADER_WORDS;
    header[CODE_HEADER_CODE_WORDS] = codeWords;
    header[CODE_HEADER_FUNCTIONS_OFFSET] = functionsOffset;
    header[CODE_HEADER_FUNCTIONS_COUNT] = functions.length / FUNCTION_ENTRY_WORDS;
    header[CODE_HEADER_LINES_OFFSET] = linesOffset;
    header[CODE_HEADER_LINES_COUNT] = lines.length / LINE_ENTRY_WORDS;
    header[CODE_HEADER_FUNS_OFFSET] = funsOffset;
    header[CODE_HEADER_FUNS_COUNT] = this.input.lambdas.length;
    header[CODE_HEADER_FILES_OFFSET] = filesOffset;
    header[CODE_HEADER_FILES_COUNT] = fileNames.length;
    header[CODE_HEADER_STRINGS_OFFSET] = stringsOffset;
    header[CODE_HEADER_STRINGS_BYTES] = strings.length;
    header[CODE_HEADER_EXPORTS_OFFSET] = exportsOffset;
    header[CODE_HEADER_EXPORTS_COUNT] = this.input.exports.length;
    header[CODE_HEADER_IMPORTS_OFFSET] = importsOffset;
    header[CODE_HEADER_IMPORTS_COUNT] = this.input.imports.length;
    if (this.onLoadAddress !== 0) {
      header[CODE_HEADER_ON_LOAD] = this.onLoadAddress;
      this.codeRelocations.add(CODE_HEADER_ON_LOAD);
    }

    return {
      module: this.moduleName,
      words: header,
      codeRelocations: this.codeRelocations.view(),
      byteRelocations: Int32Array.from(this.byteRelocations),
      exportReferences: Int32Array.from(this.exportReferences),
    };
  }
}

// ---- the translation table: one entry per generic instruction the loader accepts ----

type Translation = (t: CodeTransform) => void;

/** translateAllocate: the instruction before an `allocate` -> the two merged. */
const ALLOCATE_FUSIONS: ReadonlyMap<number, number> = new Map([
  [Op.is_nonempty_list, Op.is_nonempty_list_allocate],
  [Op.gc_bif_plus, Op.gc_bif_plus_allocate],
  [Op.gc_bif_minus, Op.gc_bif_minus_allocate],
]);

/** translateReturn: the instruction before a `deallocate` + `return` -> the three merged. */
const DEALLOCATE_RETURN_FUSIONS: ReadonlyMap<number, number> = new Map([
  [Op.gc_bif_plus, Op.gc_bif_plus_deallocate_return],
  [Op.gc_bif_minus, Op.gc_bif_minus_deallocate_return],
  [Op.test_heap_put_list, Op.test_heap_put_list_deallocate_return],
]);

const SOURCE_DESTINATION = letterCodes('sd');
const DESTINATION_DESTINATION = letterCodes('dd');

/** An instruction whose operands map one to one onto the internal instruction's. */
function simple(op: number, letters: string): Translation {
  const codes = letterCodes(letters);
  return (t) => t.emitSimple(op, codes);
}

function ignored(): void {}

function bif(op: number, sources: number): Translation {
  // Fail Bif Arg... Dst
  return (t) => {
    t.emit(op);
    t.emitLabel(0);
    t.emit(t.guardBif(1));
    for (let i = 0; i < sources; i++) t.emit(t.sourceWord(2 + i));
    t.emit(t.destinationWord(2 + sources));
  };
}

function gcBif(op: number, sources: number): Translation {
  // Fail Live Bif Arg... Dst
  return (t) => {
    const start = t.address;
    t.emit(op);
    t.emitLabel(0);
    t.emit(t.unsigned(1));
    const bif = t.guardBif(2);
    t.emit(bif);
    for (let i = 0; i < sources; i++) t.emit(t.sourceWord(3 + i));
    t.emit(t.destinationWord(3 + sources));
    if (sources === 2) t.specializeArithmetic(start, bif);
  };
}

function compareExact(op: number, immediateOp: number): Translation {
  const general = letterCodes('lss');
  const immediate = letterCodes('lsc');
  return (t) => (t.isImmediateConstant(2) ? t.emitSimple(immediateOp, immediate) : t.emitSimple(op, general));
}

function putMap(op: number, name: string): Translation {
  // Fail Src Dst Live [Key Value ...]
  return (t) => {
    t.listFirst(4);
    if (t.listLength(4) % 2 !== 0) t.fail(`${name} with an odd list`);
    t.emit(op);
    t.emitLabel(0);
    t.emit(t.sourceWord(1));
    t.emit(t.destinationWord(2));
    t.emit(t.unsigned(3));
    t.emitSourceList(4);
  };
}

function startMatch(fail: number, source: number, live: number, slots: number, destination: number): Translation {
  return (t) => {
    t.emit(Op.bs_start_match);
    t.emitLabel(fail);
    t.emit(t.unsigned(live));
    t.emit(t.sourceWord(source));
    t.emit(slots < 0 ? 0 : t.unsigned(slots));
    t.emit(t.destinationWord(destination));
  };
}

function saveRestore(op: number): Translation {
  // Slot 0 holds the start position; a numbered slot N is N + 1.
  return (t) => {
    const slot = t.kind(1) === SlotKind.a ? 0 : t.unsigned(1) + 1;
    t.emit(op);
    t.emit(t.sourceWord(0));
    t.emit(slot);
  };
}

/**
 * bs_match's commands (OTP 26 genop.tab; fields as beam_asm writes them after the
 * command atom) and how each becomes its BsMatchCommand words.
 */
const BS_MATCH_COMMANDS: Readonly<Record<string, { readonly fields: number; readonly emit: (t: CodeTransform, at: number) => void }>> = {
  // Size Unit: at least Size bits remain, and what remains after them is a multiple of Unit.
  ensure_at_least: {
    fields: 2,
    emit: (t, at) => {
      const unit = t.unsigned(at + 1);
      if (unit === 0) t.fail('bs_match ensure_at_least with unit 0');
      t.emit(BsMatchCommand.ensure_at_least);
      t.emit(t.matchBits(at, -1));
      t.emit(unit);
    },
  },
  // Size: exactly Size bits remain.
  ensure_exactly: {
    fields: 1,
    emit: (t, at) => {
      t.emit(BsMatchCommand.ensure_exactly);
      t.emit(t.matchBits(at, -1));
    },
  },
  // Live Flags Size Unit Dst
  integer: {
    fields: 5,
    emit: (t, at) => {
      t.emit(BsMatchCommand.integer);
      t.emit(t.matchLive(at));
      t.emit(t.matchFlags(at + 1));
      t.emit(t.matchBits(at + 2, at + 3));
      t.emit(t.destinationWord(at + 4));
    },
  },
  // Live Flags Size Unit Dst (flags mean nothing for a binary)
  binary: {
    fields: 5,
    emit: (t, at) => {
      t.matchFlags(at + 1);
      t.emit(BsMatchCommand.binary);
      t.emit(t.matchLive(at));
      t.emit(t.matchBits(at + 2, at + 3));
      t.emit(t.destinationWord(at + 4));
    },
  },
  // Size
  skip: {
    fields: 1,
    emit: (t, at) => {
      t.emit(BsMatchCommand.skip);
      t.emit(t.matchBits(at, -1));
    },
  },
  // Live Unit Dst (the unit was checked by an ensure_at_least before)
  get_tail: {
    fields: 3,
    emit: (t, at) => {
      t.unsigned(at + 1);
      t.emit(BsMatchCommand.get_tail);
      t.emit(t.matchLive(at));
      t.emit(t.destinationWord(at + 2));
    },
  },
  // Live Size Value: the next Size bits, big-endian unsigned, equal Value.
  '=:=': {
    fields: 3,
    emit: (t, at) => {
      t.matchLive(at);
      const bits = t.matchBits(at + 1, -1);
      if (bits > 64) t.fail(`bs_match '=:=' of ${bits} bits (64 at most)`);
      t.emit(BsMatchCommand.equal);
      t.emit(bits);
      t.emitMatchValue(at + 2);
    },
  },
};

/** Generic instruction name -> its translation. Names missing here are refused as unsupported. */
const TRANSLATION_BY_NAME: Readonly<Record<string, Translation>> = {
  label: (t) => t.defineLabel(t.unsigned(0)),
  line: (t) => t.recordLine(t.unsigned(0)),
  executable_line: (t) => t.recordLine(t.unsigned(1)),
  debug_line: ignored,
  fclearerror: ignored,
  fcheckerror: ignored,
  nif_start: ignored,
  on_load: (t) => t.setOnLoad(),
  func_info: (t) => t.translateFuncInfo(),
  int_code_end: (t) => t.endCode(),

  call: (t) => t.translateCall(),
  call_last: simple(Op.call_last, 'ulu'),
  call_only: simple(Op.call_only, 'ul'),
  call_ext: (t) => t.emitExternalCall(Op.call_bif, Op.call_ext, t.unsigned(0), 1, -1),
  call_ext_last: (t) => t.emitExternalCall(Op.call_bif_last, Op.call_ext_last, t.unsigned(0), 1, t.unsigned(2)),
  call_ext_only: (t) => t.emitExternalCall(Op.call_bif_only, Op.call_ext_only, t.unsigned(0), 1, -1),

  bif0: (t) => {
    t.emit(Op.bif0);
    t.emit(t.guardBif(0));
    t.emit(t.destinationWord(1));
  },
  bif1: bif(Op.bif1, 1),
  bif2: bif(Op.bif2, 2),
  bif3: bif(Op.bif3, 3),
  gc_bif1: gcBif(Op.gc_bif1, 1),
  gc_bif2: gcBif(Op.gc_bif2, 2),
  gc_bif3: gcBif(Op.gc_bif3, 3),

  allocate: (t) => t.translateAllocate(),
  allocate_zero: (t) => t.translateAllocate(),
  allocate_heap: (t) => t.translateAllocateHeap(),
  allocate_heap_zero: (t) => t.translateAllocateHeap(),
  test_heap: (t) => {
    t.emit(Op.test_heap);
    t.emit(t.heapWords(0));
    t.emit(t.unsigned(1));
  },
  init: (t) => {
    t.emit(Op.init_yregs);
    t.emit(1);
    t.emit(t.destinationWord(0));
  },
  init_yregs: (t) => {
    const first = t.listFirst(0);
    const count = t.listLength(0);
    t.emit(Op.init_yregs);
    t.emit(count);
    for (let item = first; item < first + count; item++) t.emit(t.destinationWord(item));
  },
  deallocate: simple(Op.deallocate, 'u'),
  trim: simple(Op.trim, 'uu'),
  return: (t) => t.translateReturn(),

  send: simple(Op.send, ''),
  remove_message: simple(Op.remove_message, ''),
  timeout: simple(Op.timeout, ''),
  loop_rec: simple(Op.loop_rec, 'ld'),
  loop_rec_end: simple(Op.loop_rec_end, 'l'),
  wait: simple(Op.wait, 'l'),
  wait_timeout: simple(Op.wait_timeout, 'ls'),
  recv_marker_reserve: simple(Op.recv_marker_reserve, 'd'),
  recv_marker_bind: simple(Op.recv_marker_bind, 'ss'),
  recv_marker_use: simple(Op.recv_marker_use, 's'),
  recv_marker_clear: simple(Op.recv_marker_clear, 's'),
  recv_mark: (t) => t.emit(Op.recv_mark),
  recv_set: (t) => t.emit(Op.recv_set),

  is_lt: simple(Op.is_lt, 'lss'),
  is_ge: simple(Op.is_ge, 'lss'),
  is_eq: simple(Op.is_eq, 'lss'),
  is_ne: simple(Op.is_ne, 'lss'),
  is_eq_exact: compareExact(Op.is_eq_exact, Op.is_eq_exact_immediate),
  is_ne_exact: compareExact(Op.is_ne_exact, Op.is_ne_exact_immediate),
  is_integer: simple(Op.is_integer, 'ls'),
  is_float: simple(Op.is_float, 'ls'),
  is_number: simple(Op.is_number, 'ls'),
  is_atom: simple(Op.is_atom, 'ls'),
  is_pid: simple(Op.is_pid, 'ls'),
  is_reference: simple(Op.is_reference, 'ls'),
  is_port: simple(Op.is_port, 'ls'),
  is_nil: simple(Op.is_nil, 'ls'),
  is_binary: simple(Op.is_binary, 'ls'),
  is_list: simple(Op.is_list, 'ls'),
  is_nonempty_list: simple(Op.is_nonempty_list, 'ls'),
  is_tuple: simple(Op.is_tuple, 'ls'),
  is_function: simple(Op.is_function, 'ls'),
  is_boolean: simple(Op.is_boolean, 'ls'),
  is_bitstr: simple(Op.is_bitstr, 'ls'),
  is_map: simple(Op.is_map, 'ls'),
  is_function2: simple(Op.is_function2, 'lss'),
  test_arity: simple(Op.test_arity, 'lsu'),
  is_tagged_tuple: simple(Op.is_tagged_tuple, 'lsuc'),
  select_val: (t) => t.emitSelect(Op.select_val, true),
  select_tuple_arity: (t) => t.emitSelect(Op.select_tuple_arity, false),
  jump: simple(Op.jump, 'l'),

  catch: simple(Op.catch, 'dl'),
  try: simple(Op.try, 'dl'),
  catch_end: simple(Op.catch_end, 'd'),
  try_end: simple(Op.try_end, 'd'),
  try_case: simple(Op.try_case, 'd'),
  raise: simple(Op.raise, 'ss'),
  build_stacktrace: simple(Op.build_stacktrace, ''),
  raw_raise: simple(Op.raw_raise, ''),
  if_end: simple(Op.if_end, ''),
  badmatch: simple(Op.badmatch, 's'),
  case_end: simple(Op.case_end, 's'),
  try_case_end: simple(Op.try_case_end, 's'),
  badrecord: simple(Op.badrecord, 's'),

  move: (t) => t.translateMove(),
  swap: simple(Op.swap, 'dd'),
  get_list: simple(Op.get_list, 'sdd'),
  get_hd: simple(Op.get_hd, 'sd'),
  get_tl: simple(Op.get_tl, 'sd'),
  get_tuple_element: simple(Op.get_tuple_element, 'sud'),
  set_tuple_element: simple(Op.set_tuple_element, 'ssu'),
  put_list: (t) => t.translatePutList(),
  put_tuple2: (t) => {
    t.emit(Op.put_tuple2);
    t.emit(t.destinationWord(0));
    t.emitSourceList(1);
  },
  put_tuple: (t) => t.startTuple(),
  put: (t) => t.putTupleElement(),

  call_fun: simple(Op.call_fun, 'u'),
  call_fun2: (t) => {
    t.emit(Op.call_fun2);
    t.emit(t.unsigned(1));
    t.emit(t.sourceWord(2));
  },
  make_fun2: (t) => {
    const index = t.unsigned(0);
    const lambda = t.lambda(index);
    t.emit(Op.make_fun3);
    t.emitFun(index);
    t.emit(xRegisterWord(0));
    t.emit(lambda.numFree);
    for (let i = 0; i < lambda.numFree; i++) t.emit(xRegisterWord(i));
  },
  make_fun3: (t) => {
    const index = t.unsigned(0);
    const lambda = t.lambda(index);
    t.listFirst(2);
    const count = t.listLength(2);
    if (count !== lambda.numFree) t.fail(`make_fun3 with ${count} free variables, FunT says ${lambda.numFree}`);
    t.emit(Op.make_fun3);
    t.emitFun(index);
    t.emit(t.destinationWord(1));
    t.emitSourceList(2);
  },
  apply: simple(Op.apply, 'u'),
  apply_last: simple(Op.apply_last, 'uu'),

  fmove: (t) => t.translateFloatMove(),
  fconv: simple(Op.fconv, 'sd'),
  fadd: simple(Op.fadd, 'lddd'),
  fsub: simple(Op.fsub, 'lddd'),
  fmul: simple(Op.fmul, 'lddd'),
  fdiv: simple(Op.fdiv, 'lddd'),
  fnegate: simple(Op.fnegate, 'ldd'),

  put_map_assoc: putMap(Op.put_map_assoc, 'put_map_assoc'),
  put_map_exact: putMap(Op.put_map_exact, 'put_map_exact'),
  has_map_fields: (t) => {
    t.emit(Op.has_map_fields);
    t.emitLabel(0);
    t.emit(t.sourceWord(1));
    t.emitSourceList(2);
  },
  get_map_elements: (t) => {
    const first = t.listFirst(2);
    const count = t.listLength(2);
    if (count % 2 !== 0) t.fail('get_map_elements with an odd list');
    t.emit(Op.get_map_elements);
    t.emitLabel(0);
    t.emit(t.sourceWord(1));
    t.emit(count);
    for (let item = first; item < first + count; item += 2) {
      t.emit(t.sourceWord(item));
      t.emit(t.destinationWord(item + 1));
    }
  },

  bs_create_bin: (t) => t.translateCreateBinary(),
  bs_init2: simple(Op.bs_init2, 'lsuuud'),
  bs_init_bits: simple(Op.bs_init_bits, 'lsuuud'),
  bs_add: simple(Op.bs_add, 'lssud'),
  bs_put_integer: simple(Op.bs_put_integer, 'lsuus'),
  bs_put_binary: simple(Op.bs_put_binary, 'lsuus'),
  bs_put_float: simple(Op.bs_put_float, 'lsuus'),
  bs_put_string: (t) => {
    const length = t.unsigned(0);
    const offset = t.unsigned(1);
    t.emit(Op.bs_put_string);
    t.emit(length);
    t.emitString(offset, length);
  },
  bs_put_utf8: simple(Op.bs_put_utf8, 'lus'),
  bs_put_utf16: simple(Op.bs_put_utf16, 'lus'),
  bs_put_utf32: simple(Op.bs_put_utf32, 'lus'),
  bs_utf8_size: simple(Op.bs_utf8_size, 'lsd'),
  bs_utf16_size: simple(Op.bs_utf16_size, 'lsd'),
  bs_append: simple(Op.bs_append, 'lsuuusud'),
  bs_private_append: simple(Op.bs_private_append, 'lsusud'),
  bs_init_writable: simple(Op.bs_init_writable, ''),

  // Fail Bin Live Slots Dst
  bs_start_match2: startMatch(0, 1, 2, 3, 4),
  // Fail Bin Live Dst
  bs_start_match3: startMatch(0, 1, 2, -1, 3),
  // Fail Live Bin Dst
  bs_start_match4: startMatch(0, 2, 1, -1, 3),
  bs_get_integer2: simple(Op.bs_get_integer2, 'lsusuud'),
  bs_get_float2: simple(Op.bs_get_float2, 'lsusuud'),
  bs_get_binary2: simple(Op.bs_get_binary2, 'lsusuud'),
  bs_skip_bits2: simple(Op.bs_skip_bits2, 'lssuu'),
  bs_test_tail2: simple(Op.bs_test_tail2, 'lsu'),
  bs_test_unit: simple(Op.bs_test_unit, 'lsu'),
  bs_match_string: (t) => {
    const bits = t.unsigned(2);
    const offset = t.unsigned(3);
    t.emit(Op.bs_match_string);
    t.emitLabel(0);
    t.emit(t.sourceWord(1));
    t.emit(bits);
    t.emitString(offset, Math.ceil(bits / 8));
  },
  bs_get_utf8: simple(Op.bs_get_utf8, 'lsuud'),
  bs_get_utf16: simple(Op.bs_get_utf16, 'lsuud'),
  bs_get_utf32: simple(Op.bs_get_utf32, 'lsuud'),
  bs_skip_utf8: simple(Op.bs_skip_utf8, 'lsuu'),
  bs_skip_utf16: simple(Op.bs_skip_utf16, 'lsuu'),
  bs_skip_utf32: simple(Op.bs_skip_utf32, 'lsuu'),
  bs_get_tail: simple(Op.bs_get_tail, 'sdu'),
  bs_get_position: simple(Op.bs_get_position, 'sdu'),
  bs_set_position: simple(Op.bs_set_position, 'ss'),
  bs_save2: saveRestore(Op.bs_save),
  bs_restore2: saveRestore(Op.bs_restore),
  bs_context_to_binary: simple(Op.bs_context_to_binary, 's'),
  bs_match: (t) => t.translateBsMatch(),
  update_record: (t) => t.translateUpdateRecord(),
};

/** The table indexed by generic opcode (beam-format's OPCODES, from scripts/beam-opcodes.tsv). */
const TRANSLATIONS: ReadonlyArray<Translation | undefined> = (() => {
  const table: Array<Translation | undefined> = new Array(OPCODES.length).fill(undefined);
  for (const [name, translation] of Object.entries(TRANSLATION_BY_NAME)) {
    const info = opcodeByName(name);
    if (info === undefined) throw new Error(`transform table: ${name} is not a generic instruction`);
    table[info.opcode] = translation;
  }
  return table;
})();

const GENERIC_PUT = opcodeByName('put')!.opcode;
const GENERIC_LABEL = opcodeByName('label')!.opcode;
