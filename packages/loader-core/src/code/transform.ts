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
  EXPORT_LIST_ENTRY_WORDS,
  FUN_ENTRY_WORDS,
  FUNCTION_ENTRY_WORDS,
  IMPORT_LIST_ENTRY_WORDS,
  LINE_ENTRY_WORDS,
} from './code-area-layout.js';
import type { CodeEnv, CodeInput, GenericInstruction, GenericOperand } from './code-input.js';
import { Op } from './instructions.js';
import { WordBuffer } from './word-buffer.js';
import {
  BinarySegment,
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

type Fixup = { position: number; label: number; offset: number };

/**
 * Generic instructions -> loaded-code words (docs/loaded-code-format.md). Throws
 * `BeamFormatError('badfile', ...)` naming the instruction and its file offset when the
 * code cannot be loaded. Allocates nothing outside the returned arrays.
 */
export function transformCode(input: CodeInput, env: CodeEnv): TransformedCode {
  return new CodeTransform(input, env).run();
}

/**
 * A transform the caller drives, for code decoded piece by piece: `input.instructions`
 * may grow between calls, and entries already translated may be dropped from it (so
 * the decoded instructions of a big module need not all live at once).
 */
export interface IncrementalCodeTransform {
  /** Translates `input.instructions[from, to)`, stopping at int_code_end; returns where to go on. */
  translateRange(from: number, to: number): number;
  /** True once int_code_end was translated. */
  readonly hasEnded: boolean;
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
  const count = input.instructions.length;
  let next = 0;
  while (next < count && !transform.hasEnded) {
    next = transform.translateRange(next, Math.min(count, next + Math.max(1, instructionsPerSlice)));
    yield;
  }
  return transform.end();
}

class CodeTransform {
  private readonly words = new WordBuffer();
  private readonly codeRelocations: number[] = [];
  private readonly byteRelocations: number[] = [];
  private readonly exportReferences: number[] = [];
  private readonly labelFixups: Fixup[] = [];
  private readonly funFixups: Array<{ position: number; index: number }> = [];
  private readonly stringFixups: Array<{ position: number; offset: number }> = [];
  private readonly labelAddresses: Int32Array;
  private readonly functions: number[][] = [];
  private readonly lines: number[][] = [];
  private readonly moduleName: string;
  private readonly atomWords: number[];
  private onLoadAddress = 0;
  private pendingLine = -1;
  private pendingTuple: { destination: number; arity: number; items: number[]; offset: number } | undefined;
  private pendingBifStub: { arity: number; bif: number } | undefined;
  private current: GenericInstruction | undefined;
  private ended = false;

  constructor(
    private readonly input: CodeInput,
    private readonly env: CodeEnv,
  ) {
    this.moduleName = input.atoms[1];
    this.labelAddresses = new Int32Array(Math.max(input.labelCount, 1)).fill(-1);
    this.atomWords = input.atoms.map((name, index) => (index === 0 ? NIL : env.atom(name)));
    for (let i = 0; i < CODE_HEADER_WORDS; i++) this.words.push(0);
  }

  run(): TransformedCode {
    this.translateRange(0, this.input.instructions.length);
    return this.end();
  }

  get hasEnded(): boolean {
    return this.ended;
  }

  /** Translates instructions [from, to) (stopping at int_code_end); returns where to go on. */
  translateRange(from: number, to: number): number {
    const instructions = this.input.instructions;
    let index = from;
    while (index < to) {
      const instruction = instructions[index++];
      this.current = instruction;
      this.translate(instruction);
      if (this.ended) break;
    }
    return index;
  }

  /** After the last instruction: checks the end and builds the tables. */
  end(): TransformedCode {
    this.current = undefined;
    if (!this.ended) this.fail('the code does not end with int_code_end', this.input.codeChunkOffset ?? 0);
    if (this.pendingTuple) this.fail('put_tuple without all of its put instructions', this.pendingTuple.offset);
    return this.finish();
  }

  // ---- errors ----

  private fail(reason: string, offset?: number): never {
    throw new LoadError('badfile', reason, offset ?? this.current?.offset ?? 0, 'Code', [this.moduleName ?? '']);
  }

  private opName(instruction: GenericInstruction): string {
    return `${instruction.name}/${instruction.operands.length}`;
  }

  // ---- emission ----

  private get address(): number {
    return this.words.length;
  }

  private emit(word: number): void {
    this.words.add(word);
  }

  private emitLabel(operand: GenericOperand | undefined): void {
    if (operand === undefined) this.fail('missing label operand');
    if (operand.kind === 'a') {
      // bs_start_match4 takes {atom,no_fail} or {atom,resume}: no fail label.
      this.emit(0);
      return;
    }
    if (operand.kind !== 'f') this.fail(`expected a label, found ${operand.kind}`);
    const label = operand.value;
    if (label === 0) {
      this.emit(0);
      return;
    }
    if (label < 0 || label >= this.labelAddresses.length) this.fail(`label ${label} out of range`);
    this.labelFixups.push({ position: this.address, label, offset: this.current?.offset ?? 0 });
    this.emit(0);
  }

  private unsigned(operand: GenericOperand | undefined): number {
    if (operand === undefined) this.fail('missing operand');
    if ((operand.kind === 'u' || operand.kind === 'i') && typeof operand.value === 'number' && operand.value >= 0) {
      return operand.value;
    }
    this.fail(`expected an unsigned integer, found ${operand.kind}`);
  }

  /** Term word for an atom, integer, nil or literal operand; undefined for registers. */
  private constantWord(operand: GenericOperand): number | undefined {
    switch (operand.kind) {
      case 'a':
        if (operand.value >= this.atomWords.length) this.fail(`atom index ${operand.value} out of range`);
        return this.atomWords[operand.value];
      case 'i':
      case 'u': {
        const value = operand.value;
        if (typeof value === 'number' && fitsSmall(value)) return makeSmall(value);
        return this.env.integerLiteral(BigInt(value));
      }
      case 'literal':
        return this.env.literal(operand.value);
      case 'float':
        this.fail('inline float operands (pre-R16) are not supported');
      case 'h':
        this.fail('character operands are not supported');
      default:
        return undefined;
    }
  }

  private registerWord(operand: GenericOperand): number | undefined {
    switch (operand.kind) {
      case 'x':
        if (operand.value >= MAX_X_REGISTERS) this.fail(`x register ${operand.value} out of range`);
        return xRegisterWord(operand.value);
      case 'y':
        return yRegisterWord(operand.value);
      case 'fr':
        if (operand.value >= MAX_FLOAT_REGISTERS) this.fail(`float register ${operand.value} out of range`);
        return floatRegisterWord(operand.value);
      case 'tr':
        return this.registerWord(operand.value as GenericOperand);
      default:
        return undefined;
    }
  }

  private sourceWord(operand: GenericOperand | undefined): number {
    if (operand === undefined) this.fail('missing source operand');
    const register = this.registerWord(operand);
    if (register !== undefined) return register;
    const constant = this.constantWord(operand);
    if (constant !== undefined) return constant;
    this.fail(`expected a source operand, found ${operand.kind}`);
  }

  private destinationWord(operand: GenericOperand | undefined): number {
    if (operand === undefined) this.fail('missing destination operand');
    const register = this.registerWord(operand);
    if (register === undefined) this.fail(`expected a register, found ${operand.kind}`);
    return register;
  }

  private listItems(operand: GenericOperand | undefined): readonly GenericOperand[] {
    if (operand === undefined || operand.kind !== 'list') this.fail('expected a list operand');
    return operand.value;
  }

  private heapWords(operand: GenericOperand | undefined): number {
    if (operand === undefined) this.fail('missing allocation operand');
    if (operand.kind === 'alloc') {
      let words = 0;
      for (const item of operand.value) {
        if (item.kind === 'words') words += item.count;
        else if (item.kind === 'floats') words += item.count * FLOAT_HEAP_WORDS;
        else if (item.kind === 'funs') words += item.count * FUN_HEAP_WORDS;
      }
      return words;
    }
    return this.unsigned(operand);
  }

  private emitString(offset: number, length: number): void {
    if (offset < 0 || length < 0 || offset + length > this.input.strings.length) {
      this.fail(`string (offset ${offset}, ${length} bytes) outside the string table`);
    }
    this.stringFixups.push({ position: this.address, offset });
    this.emit(0);
  }

  private importOf(operand: GenericOperand | undefined): { module: string; name: string; arity: number } {
    const index = this.unsigned(operand);
    const entry = this.input.imports[index];
    if (entry === undefined) this.fail(`import index ${index} out of range`);
    const module = this.input.atoms[entry.module];
    const name = this.input.atoms[entry.function];
    if (module === undefined || name === undefined) this.fail(`import ${index} names an unknown atom`);
    return { module, name, arity: entry.arity };
  }

  /** Emits a call through an import: a BIF number when it is one, else an export entry. */
  private emitExternalCall(bifOp: number, exportOp: number, arity: number, importOperand: GenericOperand | undefined, deallocate?: number): void {
    const target = this.importOf(importOperand);
    const bif = this.env.bifNumber(target.module, target.name, target.arity);
    if (bif >= 0) {
      this.emit(bifOp);
      this.emit(arity);
      this.emit(bif);
    } else {
      this.emit(exportOp);
      this.emit(arity);
      this.exportReferences.push(this.address);
      this.emit(this.env.exportEntry(target.module, target.name, target.arity));
    }
    if (deallocate !== undefined) this.emit(deallocate);
  }

  /**
   * BIF number of a bif/gc_bif import. A BIF the runtime does not implement is encoded as
   * `-1 - exportEntry`, so the file still loads and the call raises `undef` naming it.
   */
  private guardBif(importOperand: GenericOperand | undefined): number {
    const target = this.importOf(importOperand);
    const bif = this.env.bifNumber(target.module, target.name, target.arity);
    if (bif >= 0) return bif;
    // Every caller emits the returned word next.
    this.exportReferences.push(this.address);
    return -1 - this.env.exportEntry(target.module, target.name, target.arity);
  }

  private emitSimple(op: number, letters: string, operands: readonly GenericOperand[]): void {
    this.emit(op);
    for (let i = 0; i < letters.length; i++) {
      const operand = operands[i];
      switch (letters[i]) {
        case 'l':
          this.emitLabel(operand);
          break;
        case 's':
          this.emit(this.sourceWord(operand));
          break;
        case 'd':
          this.emit(this.destinationWord(operand));
          break;
        case 'u':
          this.emit(this.unsigned(operand));
          break;
        case 'c': {
          const constant = operand === undefined ? undefined : this.constantWord(operand);
          if (constant === undefined) this.fail('expected a constant operand');
          this.emit(constant);
          break;
        }
        default:
          throw new Error(`emitSimple: letter ${letters[i]}`);
      }
    }
  }

  private isImmediateConstant(operand: GenericOperand): boolean {
    if (operand.kind === 'a') return true;
    if (operand.kind === 'i' && typeof operand.value === 'number' && fitsSmall(operand.value)) return true;
    return false;
  }

  // ---- the translation, one generic instruction at a time ----

  private translate(instruction: GenericInstruction): void {
    const name = instruction.name;
    const o = instruction.operands;

    if (this.pendingTuple && name !== 'put') this.fail('put_tuple without all of its put instructions');
    if (this.pendingBifStub !== undefined && name !== 'label') {
      // The function's entry (the label after func_info) runs the native BIF; its own
      // body stays in place, unreachable except through its internal labels.
      this.emit(Op.call_bif_only);
      this.emit(this.pendingBifStub.arity);
      this.emit(this.pendingBifStub.bif);
      this.pendingBifStub = undefined;
    }

    switch (name) {
      case 'label':
        this.defineLabel(this.unsigned(o[0]));
        return;
      case 'line':
        this.recordLine(this.unsigned(o[0]));
        return;
      case 'executable_line':
        this.recordLine(this.unsigned(o[1]));
        return;
      case 'debug_line':
      case 'fclearerror':
      case 'fcheckerror':
      case 'nif_start':
      case 'recv_mark':
      case 'recv_set':
      case 'recv_marker_bind':
      case 'recv_marker_clear':
      case 'recv_marker_use':
        return;
      case 'on_load':
        this.onLoadAddress = this.currentFunctionEntry();
        return;
      case 'func_info':
        this.translateFuncInfo(o);
        return;
      case 'int_code_end':
        this.emit(Op.int_code_end);
        this.ended = true;
        return;

      case 'call':
        return this.emitSimple(Op.call, 'ul', o);
      case 'call_last':
        return this.emitSimple(Op.call_last, 'ulu', o);
      case 'call_only':
        return this.emitSimple(Op.call_only, 'ul', o);
      case 'call_ext':
        return this.emitExternalCall(Op.call_bif, Op.call_ext, this.unsigned(o[0]), o[1]);
      case 'call_ext_last':
        return this.emitExternalCall(Op.call_bif_last, Op.call_ext_last, this.unsigned(o[0]), o[1], this.unsigned(o[2]));
      case 'call_ext_only':
        return this.emitExternalCall(Op.call_bif_only, Op.call_ext_only, this.unsigned(o[0]), o[1]);

      case 'bif0':
        this.emit(Op.bif0);
        this.emit(this.guardBif(o[0]));
        this.emit(this.destinationWord(o[1]));
        return;
      case 'bif1':
      case 'bif2':
      case 'bif3': {
        const count = name === 'bif1' ? 1 : name === 'bif2' ? 2 : 3;
        this.emit(name === 'bif1' ? Op.bif1 : name === 'bif2' ? Op.bif2 : Op.bif3);
        this.emitLabel(o[0]);
        this.emit(this.guardBif(o[1]));
        for (let i = 0; i < count; i++) this.emit(this.sourceWord(o[2 + i]));
        this.emit(this.destinationWord(o[2 + count]));
        return;
      }
      case 'gc_bif1':
      case 'gc_bif2':
      case 'gc_bif3': {
        const count = name === 'gc_bif1' ? 1 : name === 'gc_bif2' ? 2 : 3;
        this.emit(name === 'gc_bif1' ? Op.gc_bif1 : name === 'gc_bif2' ? Op.gc_bif2 : Op.gc_bif3);
        this.emitLabel(o[0]);
        this.emit(this.unsigned(o[1]));
        this.emit(this.guardBif(o[2]));
        for (let i = 0; i < count; i++) this.emit(this.sourceWord(o[3 + i]));
        this.emit(this.destinationWord(o[3 + count]));
        return;
      }

      case 'allocate':
      case 'allocate_zero':
        this.emit(Op.allocate);
        this.emit(this.unsigned(o[0]));
        this.emit(this.unsigned(o[1]));
        return;
      case 'allocate_heap':
      case 'allocate_heap_zero':
        this.emit(Op.allocate_heap);
        this.emit(this.unsigned(o[0]));
        this.emit(this.heapWords(o[1]));
        this.emit(this.unsigned(o[2]));
        return;
      case 'test_heap':
        this.emit(Op.test_heap);
        this.emit(this.heapWords(o[0]));
        this.emit(this.unsigned(o[1]));
        return;
      case 'init':
        this.emit(Op.init_yregs);
        this.emit(1);
        this.emit(this.destinationWord(o[0]));
        return;
      case 'init_yregs': {
        const items = this.listItems(o[0]);
        this.emit(Op.init_yregs);
        this.emit(items.length);
        for (const item of items) this.emit(this.destinationWord(item));
        return;
      }
      case 'deallocate':
        return this.emitSimple(Op.deallocate, 'u', o);
      case 'trim':
        return this.emitSimple(Op.trim, 'uu', o);
      case 'return':
        return this.emitSimple(Op.return, '', o);

      case 'send':
        return this.emitSimple(Op.send, '', o);
      case 'remove_message':
        return this.emitSimple(Op.remove_message, '', o);
      case 'timeout':
        return this.emitSimple(Op.timeout, '', o);
      case 'loop_rec':
        return this.emitSimple(Op.loop_rec, 'ld', o);
      case 'loop_rec_end':
        return this.emitSimple(Op.loop_rec_end, 'l', o);
      case 'wait':
        return this.emitSimple(Op.wait, 'l', o);
      case 'wait_timeout':
        return this.emitSimple(Op.wait_timeout, 'ls', o);
      case 'recv_marker_reserve':
        return this.emitSimple(Op.recv_marker_reserve, 'd', o);

      case 'is_lt':
      case 'is_ge':
      case 'is_eq':
      case 'is_ne':
        return this.emitSimple(Op[name], 'lss', o);
      case 'is_eq_exact':
      case 'is_ne_exact': {
        if (this.isImmediateConstant(o[2])) {
          return this.emitSimple(name === 'is_eq_exact' ? Op.is_eq_exact_immediate : Op.is_ne_exact_immediate, 'lsc', o);
        }
        return this.emitSimple(Op[name], 'lss', o);
      }
      case 'is_integer':
      case 'is_float':
      case 'is_number':
      case 'is_atom':
      case 'is_pid':
      case 'is_reference':
      case 'is_port':
      case 'is_nil':
      case 'is_binary':
      case 'is_list':
      case 'is_nonempty_list':
      case 'is_tuple':
      case 'is_function':
      case 'is_boolean':
      case 'is_bitstr':
      case 'is_map':
        return this.emitSimple(Op[name], 'ls', o);
      case 'is_function2':
        return this.emitSimple(Op.is_function2, 'lss', o);
      case 'test_arity':
        return this.emitSimple(Op.test_arity, 'lsu', o);
      case 'is_tagged_tuple':
        return this.emitSimple(Op.is_tagged_tuple, 'lsuc', o);
      case 'select_val':
      case 'select_tuple_arity': {
        const items = this.listItems(o[2]);
        if (items.length % 2 !== 0) this.fail(`${name} with an odd list`);
        this.emit(name === 'select_val' ? Op.select_val : Op.select_tuple_arity);
        this.emit(this.sourceWord(o[0]));
        this.emitLabel(o[1]);
        this.emit(items.length);
        for (let i = 0; i < items.length; i += 2) {
          if (name === 'select_val') {
            const value = this.constantWord(items[i]);
            if (value === undefined) this.fail('select_val with a non-constant value');
            this.emit(value);
          } else {
            this.emit(this.unsigned(items[i]));
          }
          this.emitLabel(items[i + 1]);
        }
        return;
      }
      case 'jump':
        return this.emitSimple(Op.jump, 'l', o);

      case 'catch':
      case 'try':
        return this.emitSimple(name === 'catch' ? Op.catch : Op.try, 'dl', o);
      case 'catch_end':
      case 'try_end':
      case 'try_case':
        return this.emitSimple(Op[name], 'd', o);
      case 'raise':
        return this.emitSimple(Op.raise, 'ss', o);
      case 'build_stacktrace':
      case 'raw_raise':
      case 'if_end':
        return this.emitSimple(Op[name], '', o);
      case 'badmatch':
      case 'case_end':
      case 'try_case_end':
      case 'badrecord':
        return this.emitSimple(Op[name], 's', o);

      case 'move':
        return this.translateMove(o);
      case 'swap':
        return this.emitSimple(Op.swap, 'dd', o);
      case 'get_list':
        return this.emitSimple(Op.get_list, 'sdd', o);
      case 'get_hd':
      case 'get_tl':
        return this.emitSimple(Op[name], 'sd', o);
      case 'get_tuple_element':
        return this.emitSimple(Op.get_tuple_element, 'sud', o);
      case 'set_tuple_element':
        return this.emitSimple(Op.set_tuple_element, 'ssu', o);
      case 'put_list':
        return this.emitSimple(Op.put_list, 'ssd', o);
      case 'put_tuple2': {
        const items = this.listItems(o[1]);
        this.emit(Op.put_tuple2);
        this.emit(this.destinationWord(o[0]));
        this.emit(items.length);
        for (const item of items) this.emit(this.sourceWord(item));
        return;
      }
      case 'put_tuple': {
        const arity = this.unsigned(o[0]);
        const destination = this.destinationWord(o[1]);
        this.pendingTuple = { destination, arity, items: [], offset: instruction.offset };
        if (arity === 0) this.flushTuple();
        return;
      }
      case 'put': {
        if (!this.pendingTuple) this.fail('put without put_tuple');
        this.pendingTuple.items.push(this.sourceWord(o[0]));
        if (this.pendingTuple.items.length === this.pendingTuple.arity) this.flushTuple();
        return;
      }

      case 'call_fun':
        return this.emitSimple(Op.call_fun, 'u', o);
      case 'call_fun2':
        this.emit(Op.call_fun2);
        this.emit(this.unsigned(o[1]));
        this.emit(this.sourceWord(o[2]));
        return;
      case 'make_fun2': {
        const index = this.unsigned(o[0]);
        const lambda = this.lambda(index);
        this.emit(Op.make_fun3);
        this.emitFun(index);
        this.emit(xRegisterWord(0));
        this.emit(lambda.numFree);
        for (let i = 0; i < lambda.numFree; i++) this.emit(xRegisterWord(i));
        return;
      }
      case 'make_fun3': {
        const index = this.unsigned(o[0]);
        const lambda = this.lambda(index);
        const items = this.listItems(o[2]);
        if (items.length !== lambda.numFree) this.fail(`make_fun3 with ${items.length} free variables, FunT says ${lambda.numFree}`);
        this.emit(Op.make_fun3);
        this.emitFun(index);
        this.emit(this.destinationWord(o[1]));
        this.emit(items.length);
        for (const item of items) this.emit(this.sourceWord(item));
        return;
      }
      case 'apply':
        return this.emitSimple(Op.apply, 'u', o);
      case 'apply_last':
        return this.emitSimple(Op.apply_last, 'uu', o);

      case 'fmove':
        return this.translateFloatMove(o);
      case 'fconv':
        return this.emitSimple(Op.fconv, 'sd', o);
      case 'fadd':
      case 'fsub':
      case 'fmul':
      case 'fdiv':
        return this.emitSimple(Op[name], 'lddd', o);
      case 'fnegate':
        return this.emitSimple(Op.fnegate, 'ldd', o);

      case 'put_map_assoc':
      case 'put_map_exact': {
        const items = this.listItems(o[4]);
        if (items.length % 2 !== 0) this.fail(`${name} with an odd list`);
        this.emit(Op[name]);
        this.emitLabel(o[0]);
        this.emit(this.sourceWord(o[1]));
        this.emit(this.destinationWord(o[2]));
        this.emit(this.unsigned(o[3]));
        this.emit(items.length);
        for (const item of items) this.emit(this.sourceWord(item));
        return;
      }
      case 'has_map_fields': {
        const items = this.listItems(o[2]);
        this.emit(Op.has_map_fields);
        this.emitLabel(o[0]);
        this.emit(this.sourceWord(o[1]));
        this.emit(items.length);
        for (const item of items) this.emit(this.sourceWord(item));
        return;
      }
      case 'get_map_elements': {
        const items = this.listItems(o[2]);
        if (items.length % 2 !== 0) this.fail('get_map_elements with an odd list');
        this.emit(Op.get_map_elements);
        this.emitLabel(o[0]);
        this.emit(this.sourceWord(o[1]));
        this.emit(items.length);
        for (let i = 0; i < items.length; i += 2) {
          this.emit(this.sourceWord(items[i]));
          this.emit(this.destinationWord(items[i + 1]));
        }
        return;
      }

      case 'bs_create_bin':
        return this.translateCreateBinary(o);
      case 'bs_init2':
      case 'bs_init_bits':
        return this.emitSimple(Op[name], 'lsuuud', o);
      case 'bs_add':
        return this.emitSimple(Op.bs_add, 'lssud', o);
      case 'bs_put_integer':
      case 'bs_put_binary':
      case 'bs_put_float':
        return this.emitSimple(Op[name], 'lsuus', o);
      case 'bs_put_string': {
        const length = this.unsigned(o[0]);
        const offset = this.unsigned(o[1]);
        this.emit(Op.bs_put_string);
        this.emit(length);
        this.emitString(offset, length);
        return;
      }
      case 'bs_put_utf8':
      case 'bs_put_utf16':
      case 'bs_put_utf32':
        return this.emitSimple(Op[name], 'lus', o);
      case 'bs_utf8_size':
      case 'bs_utf16_size':
        return this.emitSimple(Op[name], 'lsd', o);
      case 'bs_append':
        return this.emitSimple(Op.bs_append, 'lsuuusud', o);
      case 'bs_private_append':
        return this.emitSimple(Op.bs_private_append, 'lsusud', o);
      case 'bs_init_writable':
        return this.emitSimple(Op.bs_init_writable, '', o);

      case 'bs_start_match2':
        // Fail Bin Live Slots Dst
        this.emit(Op.bs_start_match);
        this.emitLabel(o[0]);
        this.emit(this.unsigned(o[2]));
        this.emit(this.sourceWord(o[1]));
        this.emit(this.unsigned(o[3]));
        this.emit(this.destinationWord(o[4]));
        return;
      case 'bs_start_match3':
        // Fail Bin Live Dst
        this.emit(Op.bs_start_match);
        this.emitLabel(o[0]);
        this.emit(this.unsigned(o[2]));
        this.emit(this.sourceWord(o[1]));
        this.emit(0);
        this.emit(this.destinationWord(o[3]));
        return;
      case 'bs_start_match4':
        // Fail Live Bin Dst
        this.emit(Op.bs_start_match);
        this.emitLabel(o[0]);
        this.emit(this.unsigned(o[1]));
        this.emit(this.sourceWord(o[2]));
        this.emit(0);
        this.emit(this.destinationWord(o[3]));
        return;
      case 'bs_get_integer2':
      case 'bs_get_float2':
      case 'bs_get_binary2':
        return this.emitSimple(Op[name], 'lsusuud', o);
      case 'bs_skip_bits2':
        return this.emitSimple(Op.bs_skip_bits2, 'lssuu', o);
      case 'bs_test_tail2':
        return this.emitSimple(Op.bs_test_tail2, 'lsu', o);
      case 'bs_test_unit':
        return this.emitSimple(Op.bs_test_unit, 'lsu', o);
      case 'bs_match_string': {
        const bits = this.unsigned(o[2]);
        const offset = this.unsigned(o[3]);
        this.emit(Op.bs_match_string);
        this.emitLabel(o[0]);
        this.emit(this.sourceWord(o[1]));
        this.emit(bits);
        this.emitString(offset, Math.ceil(bits / 8));
        return;
      }
      case 'bs_get_utf8':
      case 'bs_get_utf16':
      case 'bs_get_utf32':
        return this.emitSimple(Op[name], 'lsuud', o);
      case 'bs_skip_utf8':
      case 'bs_skip_utf16':
      case 'bs_skip_utf32':
        return this.emitSimple(Op[name], 'lsuu', o);
      case 'bs_get_tail':
      case 'bs_get_position':
        return this.emitSimple(Op[name], 'sdu', o);
      case 'bs_set_position':
        return this.emitSimple(Op.bs_set_position, 'ss', o);
      case 'bs_save2':
      case 'bs_restore2': {
        // Slot 0 holds the start position; a numbered slot N is N + 1.
        const slot = o[1].kind === 'a' ? 0 : this.unsigned(o[1]) + 1;
        this.emit(name === 'bs_save2' ? Op.bs_save : Op.bs_restore);
        this.emit(this.sourceWord(o[0]));
        this.emit(slot);
        return;
      }
      case 'bs_context_to_binary':
        return this.emitSimple(Op.bs_context_to_binary, 's', o);

      default:
        this.fail(`unsupported instruction ${this.opName(instruction)}`);
    }
  }

  private defineLabel(label: number): void {
    if (label <= 0 || label >= this.labelAddresses.length) this.fail(`label ${label} out of range`);
    if (this.labelAddresses[label] !== -1) this.fail(`label ${label} defined twice`);
    this.labelAddresses[label] = this.address;
  }

  private recordLine(item: number): void {
    if (item === 0) return;
    const lines = this.input.lines;
    if (lines === undefined || item >= lines.items.length) return;
    const location = lines.items[item];
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last[0] === this.address) {
      last[1] = location.file;
      last[2] = location.line;
    } else {
      this.lines.push([this.address, location.file, location.line]);
    }
  }

  private currentFunctionEntry(): number {
    const last = this.functions[this.functions.length - 1];
    if (last === undefined) this.fail('on_load outside a function');
    return last[3];
  }

  private translateFuncInfo(o: readonly GenericOperand[]): void {
    const moduleWord = this.constantWord(o[0]);
    const nameOperand = o[1];
    if (nameOperand?.kind !== 'a' || moduleWord === undefined) this.fail('func_info without module and name atoms');
    const functionName = this.input.atoms[nameOperand.value];
    const arity = this.unsigned(o[2]);
    const infoAddress = this.address;
    this.emit(Op.func_info);
    this.emit(moduleWord);
    this.emit(this.atomWords[nameOperand.value]);
    this.emit(arity);
    this.functions.push([this.atomWords[nameOperand.value], arity, infoAddress, this.address]);
    const bif = this.env.bifNumber(this.moduleName, functionName, arity);
    if (bif >= 0) this.pendingBifStub = { arity, bif };
  }

  private translateMove(o: readonly GenericOperand[]): void {
    const source = o[0];
    const destination = o[1];
    const sourceKind = source.kind === 'tr' ? source.value.kind : source.kind;
    const destinationKind = destination.kind === 'tr' ? destination.value.kind : destination.kind;
    const sourceIndex = source.kind === 'tr' ? source.value.value : (source.value as number);
    const destinationIndex = destination.kind === 'tr' ? destination.value.value : (destination.value as number);
    if (destinationKind === 'x' && destinationIndex < MAX_X_REGISTERS) {
      if (sourceKind === 'x' && sourceIndex < MAX_X_REGISTERS) {
        this.emit(Op.move_xx);
        this.emit(sourceIndex);
        this.emit(destinationIndex);
        return;
      }
      if (sourceKind === 'y') {
        this.emit(Op.move_yx);
        this.emit(sourceIndex);
        this.emit(destinationIndex);
        return;
      }
      const constant = this.constantWord(source);
      if (constant !== undefined) {
        this.emit(Op.move_cx);
        this.emit(constant);
        this.emit(destinationIndex);
        return;
      }
    }
    if (destinationKind === 'y' && sourceKind === 'x' && sourceIndex < MAX_X_REGISTERS) {
      this.emit(Op.move_xy);
      this.emit(sourceIndex);
      this.emit(destinationIndex);
      return;
    }
    this.emitSimple(Op.move, 'sd', o);
  }

  private translateFloatMove(o: readonly GenericOperand[]): void {
    const fromFloat = o[0].kind === 'fr';
    const toFloat = o[1].kind === 'fr';
    if (fromFloat && toFloat) return this.emitSimple(Op.fmove, 'dd', o);
    if (toFloat) return this.emitSimple(Op.fload, 'sd', o);
    if (fromFloat) return this.emitSimple(Op.fstore, 'sd', o);
    this.fail('fmove between two term operands');
  }

  private flushTuple(): void {
    const pending = this.pendingTuple!;
    this.pendingTuple = undefined;
    this.emit(Op.put_tuple2);
    this.emit(pending.destination);
    this.emit(pending.items.length);
    for (const item of pending.items) this.emit(item);
  }

  private lambda(index: number) {
    const lambda = this.input.lambdas[index];
    if (lambda === undefined) this.fail(`fun index ${index} out of range (FunT has ${this.input.lambdas.length})`);
    return lambda;
  }

  private emitFun(index: number): void {
    this.funFixups.push({ position: this.address, index });
    this.emit(0);
  }

  private segmentFlags(operand: GenericOperand): number {
    if (operand.kind === 'u') return Number(operand.value);
    if (operand.kind === 'a' && operand.value === 0) return 0;
    if (operand.kind === 'literal') {
      const names = this.env.literalAtomList(operand.value);
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
    this.fail(`bad binary segment flags operand ${operand.kind}`);
  }

  private translateCreateBinary(o: readonly GenericOperand[]): void {
    const items = this.listItems(o[5]);
    if (items.length % 6 !== 0) this.fail('bs_create_bin segment list is not a multiple of 6');
    this.emit(Op.bs_create_bin);
    this.emitLabel(o[0]);
    this.emit(this.heapWords(o[1]));
    this.emit(this.unsigned(o[2]));
    this.emit(this.unsigned(o[3]));
    this.emit(this.destinationWord(o[4]));
    this.emit((items.length / 6) * 5);
    for (let i = 0; i < items.length; i += 6) {
      const typeOperand = items[i];
      if (typeOperand.kind !== 'a') this.fail('bs_create_bin segment type is not an atom');
      const typeName = this.input.atoms[typeOperand.value] as keyof typeof BinarySegment;
      const type = BinarySegment[typeName];
      if (type === undefined) this.fail(`unknown bs_create_bin segment type ${String(typeName)}`);
      this.emit(type);
      this.emit(this.unsigned(items[i + 2]));
      this.emit(this.segmentFlags(items[i + 3]));
      if (type === BinarySegment.string) {
        const offset = this.unsigned(items[i + 4]);
        const length = this.unsigned(items[i + 5]);
        this.emitString(offset, length);
        this.emit(makeSmall(length));
      } else {
        this.emit(this.sourceWord(items[i + 4]));
        this.emit(this.sourceWord(items[i + 5]));
      }
    }
  }

  // ---- tables ----

  private finish(): TransformedCode {
    const codeWords = this.words.length - CODE_HEADER_WORDS;
    for (const fixup of this.labelFixups) {
      const address = this.labelAddresses[fixup.label];
      if (address < 0) this.fail(`label ${fixup.label} is used but never defined`, fixup.offset);
      this.words.set(fixup.position, address);
      this.codeRelocations.push(fixup.position);
    }

    const functionsOffset = this.words.length;
    for (const entry of this.functions) {
      this.words.push(entry[0], entry[1], entry[2], entry[3]);
      this.codeRelocations.push(this.words.length - 2, this.words.length - 1);
    }
    const linesOffset = this.words.length;
    for (const entry of this.lines) {
      this.words.push(entry[0], entry[1], entry[2]);
      this.codeRelocations.push(this.words.length - 3);
    }
    const funsOffset = this.words.length;
    for (const lambda of this.input.lambdas) {
      const address = lambda.label > 0 && lambda.label < this.labelAddresses.length ? this.labelAddresses[lambda.label] : -1;
      if (address < 0) this.fail(`fun ${lambda.index} points at undefined label ${lambda.label}`, this.input.codeChunkOffset);
      const name = this.atomWords[lambda.function];
      if (name === undefined) this.fail(`fun ${lambda.index} names an unknown atom`, this.input.codeChunkOffset);
      if (lambda.arity < lambda.numFree) this.fail(`fun ${lambda.index} has more free variables than arguments`, this.input.codeChunkOffset);
      this.words.push(address, lambda.arity - lambda.numFree, lambda.numFree, lambda.index, lambda.oldUniq | 0, name, this.atomWords[1]);
      this.codeRelocations.push(this.words.length - FUN_ENTRY_WORDS);
    }
    for (const fixup of this.funFixups) {
      this.words.set(fixup.position, funsOffset + fixup.index * FUN_ENTRY_WORDS);
      this.codeRelocations.push(fixup.position);
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
      this.codeRelocations.push(this.words.length - 1);
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
    for (const fixup of this.stringFixups) {
      this.words.set(fixup.position, stringsOffset * 4 + fixup.offset);
      this.byteRelocations.push(fixup.position);
    }

    const header = this.words.view();
    header[CODE_HEADER_MAGIC] = CODE_MAGIC;
    header[CODE_HEADER_VERSION] = CODE_FORMAT_VERSION;
    header[CODE_HEADER_MODULE] = this.atomWords[1];
    header[CODE_HEADER_TOTAL_WORDS] = this.words.length;
    header[CODE_HEADER_CODE_OFFSET] = CODE_HEADER_WORDS;
    header[CODE_HEADER_CODE_WORDS] = codeWords;
    header[CODE_HEADER_FUNCTIONS_OFFSET] = functionsOffset;
    header[CODE_HEADER_FUNCTIONS_COUNT] = this.functions.length;
    header[CODE_HEADER_LINES_OFFSET] = linesOffset;
    header[CODE_HEADER_LINES_COUNT] = this.lines.length;
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
      this.codeRelocations.push(CODE_HEADER_ON_LOAD);
    }
    void EXPORT_LIST_ENTRY_WORDS;
    void FUNCTION_ENTRY_WORDS;
    void IMPORT_LIST_ENTRY_WORDS;
    void LINE_ENTRY_WORDS;

    return {
      module: this.moduleName,
      words: header,
      codeRelocations: Int32Array.from(this.codeRelocations),
      byteRelocations: Int32Array.from(this.byteRelocations),
      exportReferences: Int32Array.from(this.exportReferences),
    };
  }
}
