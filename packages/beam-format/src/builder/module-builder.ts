import type { Operand } from '../compact/decode.js';
import { BeamFormatError } from '../errors.js';
import { encodeEtf } from '../etf/encode.js';
import { opcodeByName } from '../opcodes.js';
import { atom, ErlTuple, type Term } from '../term/values.js';
import { encodeAtomChunk } from '../writer/atoms.js';
import { encodeCodeChunk, type EncodableInstruction } from '../writer/code.js';
import { writeBeam, type BeamChunk } from '../writer/container.js';
import { encodeLineChunk } from '../writer/lines.js';
import { encodeLiteralChunk } from '../writer/literals.js';
import { funOldUniq, moduleMd5 } from '../writer/module-md5.js';
import { AtomIndex, encodeFunTable, encodeFunctionTable, encodeImportTable } from '../writer/tables.js';
import type { FunEntry } from '../chunks/funs.js';
import { resolveOperand, type ExternalFunction, type OperandTables, type SymbolicOperand } from './operands.js';

export interface ModuleBuilderOptions {
  /** Add `module_info/0` and `module_info/1` as erlc does (default true). */
  moduleInfo?: boolean;
  /** Source file named in the Line chunk (default `<module>.erl`). */
  sourceFile?: string;
}

export interface BuildOptions {
  /** LitT compressed as OTP <= 27 writes it (default) or stored as OTP 28 does. */
  compressedLiterals?: boolean;
  /** Gzip the whole file like `erlc +compressed`. */
  gzip?: boolean;
}

/** A FunT entry: a lambda body (a function of this module) and its free variables. */
export interface FunEntrySpec {
  /** Name of the local function holding the body (it takes free variables + arguments). */
  readonly name: string;
  /** Arity of that function: free variables + arguments. */
  readonly arity: number;
  readonly numFree: number;
}

interface SymbolicInstruction {
  readonly name: string;
  readonly operands: readonly SymbolicOperand[];
}

/** Instructions of one function, after the `label, func_info, label` prologue. */
export class FunctionBuilder {
  readonly instructions: SymbolicInstruction[] = [];

  constructor(
    private readonly module: ModuleBuilder,
    readonly name: string,
    readonly arity: number,
    readonly exported: boolean,
    /** The label of func_info: jumping here raises function_clause. */
    readonly failLabel: number,
    /** The label callers and ExpT/LocT use. */
    readonly entryLabel: number,
  ) {}

  /** Appends one instruction by opcode name; operand count is checked against the opcode table. */
  emit(name: string, ...operands: SymbolicOperand[]): this {
    const info = opcodeByName(name);
    if (info === undefined) throw new BeamFormatError('unknown_opcode', `unknown opcode name '${name}'`, 0, 'Code');
    if (info.arity !== operands.length) {
      throw new BeamFormatError('bad_operand', `${name} takes ${info.arity} operands, got ${operands.length}`, 0, 'Code');
    }
    this.instructions.push({ name, operands });
    return this;
  }

  /** A fresh label number (emit it with `label(n)`). */
  newLabel(): number {
    return this.module.newLabel();
  }

  /** Emits `label N`. */
  label(label: number): this {
    return this.emit('label', label);
  }

  /** Emits `line` for a source line: stack traces of what follows name this line. */
  line(line: number): this {
    return this.emit('line', { sourceLine: line });
  }
}

/**
 * Assembles a module from functions, instructions and literals into `.beam` bytes that
 * ERTS loads: AtU8, Code (header with label count, function count and max opcode),
 * StrT, ImpT, ExpT, FunT when funs exist, LitT when literals exist, LocT, Attr, CInf, and
 * Line when `line()` was used.
 *
 *     const m = new ModuleBuilder('demo');
 *     m.function('answer', 0, { exported: true }).emit('move', { integer: 42 }, { x: 0 }).emit('return');
 *     const bytes = m.build();
 */
export class ModuleBuilder {
  private readonly functions: FunctionBuilder[] = [];
  private readonly funs: FunEntrySpec[] = [];
  private nextLabel = 1;
  private strings: number[] = [];
  attributes: Term = [];
  compileInfo: Term = [new ErlTuple([atom('options'), []])];

  constructor(
    readonly name: string,
    private readonly options: ModuleBuilderOptions = {},
  ) {}

  newLabel(): number {
    return this.nextLabel++;
  }

  /** Starts a function; its prologue (label, func_info, label) is emitted at build. */
  function(name: string, arity: number, options: { exported?: boolean } = {}): FunctionBuilder {
    if (this.functions.some((f) => f.name === name && f.arity === arity)) {
      throw new BeamFormatError('bad_chunk', `function ${name}/${arity} defined twice`, 0, 'Code');
    }
    const builder = new FunctionBuilder(this, name, arity, options.exported ?? false, this.newLabel(), this.newLabel());
    this.functions.push(builder);
    return builder;
  }

  /** Adds a FunT entry and returns its index (the operand make_fun3 takes). */
  addFun(entry: FunEntrySpec): number {
    this.funs.push(entry);
    return this.funs.length - 1;
  }

  /** Appends bytes to StrT and returns their offset (for bs_match_string and friends). */
  addString(bytes: Uint8Array): number {
    const offset = this.strings.length;
    for (const byte of bytes) this.strings.push(byte);
    return offset;
  }

  build(options: BuildOptions = {}): Uint8Array {
    return writeBeam(this.chunks(options), { gzip: options.gzip ?? false });
  }

  /** The chunks in the order erlc writes them. */
  chunks(options: BuildOptions = {}): BeamChunk[] {
    const tables = new BuildTables(this.name);
    const functions = [...this.functions];
    if (this.options.moduleInfo ?? true) functions.push(...this.moduleInfoFunctions());

    const instructions: EncodableInstruction[] = [];
    let maxOpcode = 0;
    let lineInstructions = 0;
    const push = (name: string, operands: Operand[]) => {
      const info = opcodeByName(name)!;
      maxOpcode = Math.max(maxOpcode, info.opcode);
      if (name === 'line') lineInstructions++;
      instructions.push({ opcode: info.opcode, operands });
    };
    const moduleAtom = tables.atom(this.name);
    for (const f of functions) {
      push('label', [{ kind: 'u', value: f.failLabel }]);
      push('func_info', [
        { kind: 'a', value: moduleAtom },
        { kind: 'a', value: tables.atom(f.name) },
        { kind: 'u', value: f.arity },
      ]);
      push('label', [{ kind: 'u', value: f.entryLabel }]);
      for (const instruction of f.instructions) {
        push(
          instruction.name,
          instruction.operands.map((operand) => resolveOperand(operand, tables)),
        );
      }
    }
    push('int_code_end', []);
    for (const fun of this.funs) tables.atom(fun.name);

    const atomIndex = new AtomIndex(tables.atoms);
    const entry = (f: FunctionBuilder) => ({ name: f.name, arity: f.arity, label: f.entryLabel });
    const labelOf = (name: string, arity: number): number => {
      const target = functions.find((f) => f.name === name && f.arity === arity);
      if (target === undefined) throw new BeamFormatError('bad_index', `fun body ${name}/${arity} is not defined`, 0, 'FunT');
      return target.entryLabel;
    };
    const code = encodeCodeChunk(
      { maxOpcode, labelCount: this.nextLabel, functionCount: functions.length },
      instructions,
    );
    const chunks: BeamChunk[] = [
      { id: 'AtU8', data: encodeAtomChunk(tables.atoms) },
      { id: 'Code', data: code },
      { id: 'StrT', data: Uint8Array.from(this.strings) },
      { id: 'ImpT', data: encodeImportTable(tables.imports, atomIndex) },
      { id: 'ExpT', data: encodeFunctionTable(functions.filter((f) => f.exported).map(entry), atomIndex, 'ExpT') },
    ];
    let funTable: FunEntry[] | undefined;
    if (this.funs.length > 0) {
      const funs = this.funs.map((fun, index) => ({
        name: fun.name,
        arity: fun.arity,
        label: labelOf(fun.name, fun.arity),
        index,
        numFree: fun.numFree,
        oldUniq: 0,
      }));
      chunks.push({ id: 'FunT', data: encodeFunTable(funs, atomIndex) });
      funTable = funs;
    }
    if (tables.literals.length > 0) {
      chunks.push({
        id: 'LitT',
        data: encodeLiteralChunk(tables.literals, { compressed: options.compressedLiterals ?? true }),
      });
    }
    if (funTable !== undefined) {
      // As erlc: every OldUniq is the first 27 bits of the module MD5, which is taken
      // with the OldUniq fields zeroed.
      const oldUniq = funOldUniq(moduleMd5(chunks));
      const position = chunks.findIndex((chunk) => chunk.id === 'FunT');
      chunks[position] = { id: 'FunT', data: encodeFunTable(funTable.map((fun) => ({ ...fun, oldUniq })), atomIndex) };
    }
    chunks.push(
      { id: 'LocT', data: encodeFunctionTable(functions.filter((f) => !f.exported).map(entry), atomIndex, 'LocT') },
      { id: 'Attr', data: encodeEtf(this.attributes) },
      { id: 'CInf', data: encodeEtf(this.compileInfo) },
    );
    if (tables.lines.length > 0) {
      // As erlc: the source is file 1 (fileNames[0]); item 0 is the implicit "no location".
      chunks.push({
        id: 'Line',
        data: encodeLineChunk({
          flags: 0,
          lineInstructionCount: lineInstructions,
          items: [{ file: 0, line: 0 }, ...tables.lines.map((line) => ({ file: 1, line }))],
          fileNames: [this.options.sourceFile ?? `${this.name}.erl`],
        }),
      });
    }
    return chunks;
  }

  /** module_info/0 and /1 as erlc writes them: tail calls to erlang:get_module_info/1,2. */
  private moduleInfoFunctions(): FunctionBuilder[] {
    this.moduleInfo ??= this.createModuleInfoFunctions();
    return this.moduleInfo;
  }

  private moduleInfo: FunctionBuilder[] | undefined;

  private createModuleInfoFunctions(): FunctionBuilder[] {
    const zero = new FunctionBuilder(this, 'module_info', 0, true, this.newLabel(), this.newLabel());
    zero
      .emit('move', { atom: this.name }, { x: 0 })
      .emit('call_ext_only', 1, { extfunc: ['erlang', 'get_module_info', 1] });
    const one = new FunctionBuilder(this, 'module_info', 1, true, this.newLabel(), this.newLabel());
    one
      .emit('move', { x: 0 }, { x: 1 })
      .emit('move', { atom: this.name }, { x: 0 })
      .emit('call_ext_only', 2, { extfunc: ['erlang', 'get_module_info', 2] });
    return [zero, one];
  }
}

/** Atom, import and literal tables filled in first-use order while operands resolve. */
class BuildTables implements OperandTables {
  readonly atoms: string[] = [];
  readonly imports: Array<{ module: string; name: string; arity: number }> = [];
  readonly literals: Array<{ etf: Uint8Array }> = [];
  /** Source lines of the Line items 1.. (item 0 is "no location"). */
  readonly lines: number[] = [];
  private readonly lineIndexes = new Map<number, number>();
  private readonly atomIndexes = new Map<string, number>();
  private readonly importIndexes = new Map<string, number>();
  /** Literal indexes by the hash of their ETF bytes. */
  private readonly literalIndexes = new Map<number, number[]>();

  constructor(module: string) {
    this.atom(module);
  }

  atom(name: string): number {
    let index = this.atomIndexes.get(name);
    if (index === undefined) {
      if ([...name].length > 255) throw new BeamFormatError('bad_operand', `atom of more than 255 characters`, 0, 'AtU8');
      this.atoms.push(name);
      index = this.atoms.length;
      this.atomIndexes.set(name, index);
    }
    return index;
  }

  importIndex([module, name, arity]: ExternalFunction): number {
    const key = `${module}\u0000${name}\u0000${arity}`;
    let index = this.importIndexes.get(key);
    if (index === undefined) {
      this.atom(module);
      this.atom(name);
      this.imports.push({ module, name, arity });
      index = this.imports.length - 1;
      this.importIndexes.set(key, index);
    }
    return index;
  }

  lineItem(line: number): number {
    let index = this.lineIndexes.get(line);
    if (index === undefined) {
      this.lines.push(line);
      index = this.lines.length;
      this.lineIndexes.set(line, index);
    }
    return index;
  }

  /** Equal literals (same deterministic encoding) share one LitT entry, as in beam_asm. */
  literalIndex(term: Term): number {
    const etf = encodeEtf(term, { minorVersion: 2, deterministic: true });
    const hash = hashBytes(etf);
    let bucket = this.literalIndexes.get(hash);
    if (bucket !== undefined) {
      for (const index of bucket) if (sameBytes(this.literals[index]!.etf, etf)) return index;
    } else {
      bucket = [];
      this.literalIndexes.set(hash, bucket);
    }
    this.literals.push({ etf });
    bucket.push(this.literals.length - 1);
    return this.literals.length - 1;
  }
}

/** FNV-1a over the bytes: the literal table's bucket key. */
function hashBytes(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
