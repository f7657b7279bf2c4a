import { BeamFormatError, InstructionReader, readBeam, type BeamFile, type LiteralTable } from '@beamload/beam-format';
import { checkTypeTable } from './check-type-table.js';
import { beamMd5 } from './beam-md5.js';
import { CODE_HEADER_EXPORTS_COUNT, CODE_HEADER_EXPORTS_OFFSET, CODE_HEADER_LITERAL_AREA, CODE_HEADER_ON_LOAD, EXPORT_LIST_ADDRESS, EXPORT_LIST_ARITY, EXPORT_LIST_ENTRY_WORDS, EXPORT_LIST_FUNCTION } from './code/code-area-layout.js';
import type { CodeEnv, CodeInput } from './code/code-input.js';
import { startCodeTransform } from './code/transform.js';
import { writeCodeArea } from './code/write-code-area.js';
import { LoadError } from './errors.js';
import { LiteralAreaBuilder } from './literal-area.js';
import { literalTableFromInflated } from './literal-inflation.js';
import type { Loader } from './loader.js';
import type { PreparedModule } from './prepared-module.js';
import {
  INSTANCE_EXPORT_LIST_COUNT,
  INSTANCE_EXPORT_LIST_FIRST,
  INSTANCE_EXPORT_LIST_STRIDE,
  BLOCK_LIST_COUNT,
  BLOCK_LIST_FIRST,
  INSTANCE_ATTRIBUTES,
  INSTANCE_CODE_AREA,
  INSTANCE_CODE_WORDS,
  INSTANCE_COMPILE_INFO,
  INSTANCE_EXPORTS,
  INSTANCE_EXTRA_LITERALS,
  INSTANCE_HEADER_WORDS,
  INSTANCE_LITERAL_AREA,
  INSTANCE_LITERAL_BINARIES,
  INSTANCE_LITERAL_WORDS,
  INSTANCE_MD5,
  INSTANCE_MODULE,
  INSTANCE_ON_LOAD_ENTRY,
  INSTANCE_SERIAL,
  INSTANCE_STATE,
  InstanceState,
} from './tables/code-instance.js';
import type { SystemTask } from './load-strategy.js';
import { NIL } from '@beamload/terms';

export interface PrepareOptions {
  /** The module name the caller expects (erlang:load_module/2's first argument): a mismatch is `badfile`. */
  readonly module?: string;
  /** For sliced preparation: literal words decoded per slice (default 4 Ki words). */
  readonly sliceWords?: number;
  /** For sliced preparation: instructions decoded, or transformed, per slice (default 256). */
  readonly sliceInstructions?: number;
  /** LitT already inflated off-thread (`inflateLiteralsOffThread`): prepare does not inflate again. */
  readonly inflatedLiterals?: Uint8Array;
}

/*
 * Slice sizes: each about a millisecond or less on the 2-core development machine, a
 * scheduler slice of a busy process (4,000 reductions of our interpreter take 1-3 ms), so
 * that a process queued behind a sliced prepare waits about one slice more. Measured on
 * the bench's literal modules (apps/bench README, "Why workers wait"): the sizes were
 * 64 Ki words, 8 Ki instructions and 16 Ki entries, and a 10,000-entry module's sizing
 * step alone took 3-25 ms (all its entries in one slice), 200,000 entries' 8-45 ms.
 */
const DEFAULT_SLICE_WORDS = 4 * 1024;
const DEFAULT_SLICE_INSTRUCTIONS = 256;
/** Literals sized per slice (about 0.6 µs each). */
const MEASURE_SLICE_ENTRIES = 1024;

/**
 * prepare(bytes): verify the file, create its atoms, inflate LitT and decode every
 * literal straight into the module's literal area, transform the code into the
 * loaded-code format in a code area, and build the instance header. Touches no table but
 * the atom table and the append-only export table (entries for the MFAs the code names;
 * they are inert until some module is installed).
 *
 * As a generator it yields `prepare-slice` between bounded pieces of work (literal
 * batches, the transform), so a strategy can let the caller's scheduler serve others.
 * On any error it frees every block it allocated and throws `LoadError('badfile')`.
 */
export function* prepareSteps(loader: Loader, bytes: Uint8Array, options: PrepareOptions = {}): SystemTask<PreparedModule> {
  const work = new PrepareWork(loader, bytes, options);
  try {
    yield* work.run();
    return work.result();
  } catch (error) {
    work.releaseAll();
    throw asLoadError(error, work.moduleName ?? options.module);
  } finally {
    // A generator abandoned half-way (return() from the strategy) must not leak either.
    if (!work.finished) work.releaseAll();
  }
}

/**
 * prepare(bytes) run to completion. Nothing runs between its steps, so literals and
 * instructions go in unbounded pieces (unless the caller sets sizes): the small default
 * slices only add steps here (about 4% on a 50,000-entry literal module).
 */
export function prepareModule(loader: Loader, bytes: Uint8Array, options: PrepareOptions = {}): PreparedModule {
  const steps = prepareSteps(loader, bytes, { sliceWords: Number.POSITIVE_INFINITY, sliceInstructions: Number.POSITIVE_INFINITY, ...options });
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

function asLoadError(error: unknown, module: string | undefined): LoadError {
  if (error instanceof LoadError) {
    if (error.code === 'badfile' || error.code === 'system_limit') return error;
    return new LoadError('badfile', error.message, error.offset, error.chunk, module ? [module] : []);
  }
  if (error instanceof BeamFormatError) return LoadError.fromFormatError(error, module);
  if (isFormatErrorLike(error)) return LoadError.fromFormatError(error, module);
  if (error instanceof RangeError) return new LoadError('badfile', `resource limit: ${error.message}`, -1, undefined, module ? [module] : []);
  throw error;
}

function isFormatErrorLike(error: unknown): error is { code: string; detail: string; offset: number; chunk?: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'string' &&
    typeof (error as { detail?: unknown }).detail === 'string' &&
    typeof (error as { offset?: unknown }).offset === 'number'
  );
}

class PrepareWork {
  moduleName: string | undefined;
  finished = false;
  private beam!: BeamFile;
  private literals!: LiteralAreaBuilder;
  private codeArea = 0;
  private codeWords = 0;
  private header = 0;
  private exportList = 0;
  private extraList = 0;
  private binaryList = 0;
  /** The MFAs the code calls through export entries, by placeholder ordinal (see `createExportEntries`). */
  private readonly importedMfas: Array<[string, string, number]> = [];
  private hasOnLoad = false;
  private md5: Uint8Array = new Uint8Array(16);

  constructor(
    private readonly loader: Loader,
    private readonly bytes: Uint8Array,
    private readonly options: PrepareOptions,
  ) {}

  *run(): SystemTask<void> {
    const loader = this.loader;
    const arena = loader.arena;
    this.beam = readBeam(this.bytes);
    const beam = this.beam;
    const module = beam.module;
    this.moduleName = module;
    if (this.options.module !== undefined && this.options.module !== module) {
      throw new LoadError('badfile', `the file is module ${module}, not ${this.options.module}`, 0, 'AtU8', [this.options.module]);
    }
    this.md5 = beamMd5(beam.container);
    yield { kind: 'prepare-slice' };
    // Tables and counts are checked before any allocation; the literals are sized
    // (validating every byte) before their area is allocated, so a bad file costs no
    // memory. Every phase goes in bounded slices but inflating LitT (which can run
    // off-thread instead: `inflatedLiterals`).
    checkCodeHeader(beam);
    const input = codeInput(beam);
    yield { kind: 'prepare-slice' };
    const literalChunk = beam.chunk('LitT');
    const literalTable =
      this.options.inflatedLiterals !== undefined && literalChunk !== undefined
        ? literalTableFromInflated(this.options.inflatedLiterals, literalChunk.dataOffset + 4)
        : beam.literals;
    yield { kind: 'prepare-slice' };

    this.literals = new LiteralAreaBuilder(loader, literalTable, beam.chunk('LitT'), beam.chunk('Attr'), beam.chunk('CInf'));
    while (!this.literals.measured) {
      this.literals.measureSome(MEASURE_SLICE_ENTRIES);
      if (!this.literals.measured) yield { kind: 'prepare-slice' };
    }
    this.literals.allocate();
    const sliceWords = this.options.sliceWords ?? DEFAULT_SLICE_WORDS;
    while (!this.literals.done) {
      this.literals.decodeSome(sliceWords);
      yield { kind: 'prepare-slice' };
    }

    // The code: decoded and transformed together, a slice of instructions at a time
    // (each decoded into reused operand slots and translated at once: no object per
    // instruction or operand).
    const transform = startCodeTransform(input, this.codeEnv(literalTable));
    const sliceInstructions = this.options.sliceInstructions ?? DEFAULT_SLICE_INSTRUCTIONS;
    while (!transform.done) {
      transform.translateSome(sliceInstructions);
      yield { kind: 'prepare-slice' };
    }
    const transformed = transform.end();
    yield { kind: 'prepare-slice' };

    this.codeWords = transformed.words.length;
    this.codeArea = arena.alloc(this.codeWords, 'code');
    // Fixed-length views (much faster than the length-tracking ones on Node 20), fetched
    // after the last allocation they must cover.
    writeCodeArea(transformed, arena.fixedI32, this.codeArea);
    const words = arena.fixedI32;
    words[this.codeArea + CODE_HEADER_LITERAL_AREA] = this.literals.area;
    const onLoadEntry = words[this.codeArea + CODE_HEADER_ON_LOAD];
    this.hasOnLoad = onLoadEntry !== 0;

    // The export list the install step walks: export entry number and code address.
    const exportCount = words[this.codeArea + CODE_HEADER_EXPORTS_COUNT];
    const exportBase = this.codeArea + words[this.codeArea + CODE_HEADER_EXPORTS_OFFSET];
    this.exportList = arena.alloc(INSTANCE_EXPORT_LIST_FIRST + exportCount * INSTANCE_EXPORT_LIST_STRIDE, 'code');
    const moduleAtom = loader.atomWord(module);

    this.extraList = this.blockList(this.literals.integerBlocks);
    this.binaryList = this.blockList(this.literals.binaryBlocks);

    this.header = arena.alloc(INSTANCE_HEADER_WORDS, 'code');
    const header = arena.fixedI32;
    const base = this.header;
    header.fill(0, base, base + INSTANCE_HEADER_WORDS);
    header[base + INSTANCE_MODULE] = moduleAtom;
    header[base + INSTANCE_CODE_AREA] = this.codeArea;
    header[base + INSTANCE_CODE_WORDS] = this.codeWords;
    header[base + INSTANCE_LITERAL_AREA] = this.literals.area;
    header[base + INSTANCE_LITERAL_WORDS] = this.literals.areaWords;
    header[base + INSTANCE_EXPORTS] = this.exportList;
    header[base + INSTANCE_ON_LOAD_ENTRY] = onLoadEntry;
    header[base + INSTANCE_ATTRIBUTES] = this.literals.attributesWord ?? NIL;
    header[base + INSTANCE_COMPILE_INFO] = this.literals.compileInfoWord ?? NIL;
    for (let i = 0; i < 4; i++) {
      header[base + INSTANCE_MD5 + i] =
        (this.md5[i * 4] << 24) | (this.md5[i * 4 + 1] << 16) | (this.md5[i * 4 + 2] << 8) | this.md5[i * 4 + 3];
    }
    header[base + INSTANCE_SERIAL] = loader.tables.nextLoadSerial();
    header[base + INSTANCE_EXTRA_LITERALS] = this.extraList;
    header[base + INSTANCE_LITERAL_BINARIES] = this.binaryList;
    this.createExportEntries(transformed.exportReferences, exportBase, exportCount, moduleAtom);
    Atomics.store(arena.i32, base + INSTANCE_STATE, InstanceState.Prepared);
    loader.tables.countInstance(1);
  }

  /** How the transform resolves operands: atoms, literals, placeholders for export entries, BIFs. */
  private codeEnv(literalTable: LiteralTable | null): CodeEnv {
    const loader = this.loader;
    // Call sites repeat their targets: each MFA gets one placeholder, found without
    // building a key string per call (module -> function -> arity -> ordinal).
    const ordinals = new Map<string, Map<string, number[]>>();
    return {
      // The atom table keeps a per-thread cache by name: no second cache here.
      atom: (name) => loader.atomWord(name),
      literal: (index) => this.literals.literalWord(index),
      literalAtomList: (index) => {
        if (literalTable === null || index < 0 || index >= literalTable.count) return undefined;
        const value = literalTable.literal(index);
        if (!Array.isArray(value)) return undefined;
        const names: string[] = [];
        for (const element of value) {
          if (typeof element !== 'object' || element === null || !('name' in element) || typeof element.name !== 'string') return undefined;
          names.push(element.name);
        }
        return names;
      },
      integerLiteral: (value) => this.literals.integerBlock(value).term,
      exportEntry: (m, f, a) => {
        // A placeholder (the MFA's ordinal in this module): the shared export table gets
        // entries only once nothing can fail any more, so a refused file leaves none.
        let functions = ordinals.get(m);
        if (functions === undefined) ordinals.set(m, (functions = new Map()));
        let arities = functions.get(f);
        if (arities === undefined) functions.set(f, (arities = []));
        let ordinal = arities[a];
        if (ordinal === undefined) {
          ordinal = arities[a] = this.importedMfas.length;
          this.importedMfas.push([m, f, a]);
        }
        return ordinal;
      },
      bifNumber: (m, f, a) => loader.bifs.bifNumber(m, f, a),
    };
  }

  /**
   * The last step, once every check passed and every block is allocated: enters the MFAs
   * the code calls and the module's own exports in the shared export table, patches the
   * code's placeholders with the entries' addresses and fills the instance's export list.
   * (Only a full export table can still fail here: `system_limit`, before any entry is created.)
   */
  private createExportEntries(references: Int32Array, exportBase: number, exportCount: number, moduleAtom: number): void {
    const loader = this.loader;
    const exports = loader.tables.exports;
    // The MFAs the code calls, then the module's exports: entered all at once, all or
    // none (a full table is system_limit with no entry created).
    const mfas: Array<[number, number, number, number]> = this.importedMfas.map(([m, f, a]) => [loader.atomWord(m), loader.atomWord(f), a, loader.bifs.bifNumber(m, f, a)]);
    for (let i = 0; i < exportCount; i++) {
      const words = loader.arena.fixedI32;
      const at = exportBase + i * EXPORT_LIST_ENTRY_WORDS;
      const functionAtom = words[at + EXPORT_LIST_FUNCTION];
      const arity = words[at + EXPORT_LIST_ARITY];
      mfas.push([moduleAtom, functionAtom, arity, loader.bifs.bifNumber(this.moduleName!, loader.atomName(functionAtom), arity)]);
    }
    const created = exports.putAll(mfas);
    const imported = this.importedMfas.length;
    const addresses = new Int32Array(imported);
    for (let ordinal = 0; ordinal < imported; ordinal++) addresses[ordinal] = exports.entryAddress(created[ordinal]);
    const entries = created.slice(imported);
    // Entries are created: from here on nothing allocates, so one fixed view serves.
    const words = loader.arena.fixedI32;
    for (let i = 0; i < references.length; i++) {
      const at = this.codeArea + references[i];
      const placeholder = words[at];
      words[at] = placeholder >= 0 ? addresses[placeholder] : -1 - addresses[-1 - placeholder];
    }
    const list = this.exportList;
    words[list + INSTANCE_EXPORT_LIST_COUNT] = exportCount;
    for (let i = 0; i < exportCount; i++) {
      const at = exportBase + i * EXPORT_LIST_ENTRY_WORDS;
      words[list + INSTANCE_EXPORT_LIST_FIRST + i * INSTANCE_EXPORT_LIST_STRIDE] = entries[i];
      words[list + INSTANCE_EXPORT_LIST_FIRST + i * INSTANCE_EXPORT_LIST_STRIDE + 1] = words[at + EXPORT_LIST_ADDRESS];
    }
  }

  /** A [count, blocks...] list block, or 0 when `blocks` is empty. */
  private blockList(blocks: readonly number[]): number {
    if (blocks.length === 0) return 0;
    const arena = this.loader.arena;
    const list = arena.alloc(BLOCK_LIST_FIRST + blocks.length, 'code');
    const words = arena.fixedI32;
    words[list + BLOCK_LIST_COUNT] = blocks.length;
    blocks.forEach((block, i) => (words[list + BLOCK_LIST_FIRST + i] = block));
    return list;
  }

  result(): PreparedModule {
    this.finished = true;
    return {
      module: this.moduleName!,
      moduleAtom: this.loader.atomWord(this.moduleName!),
      instance: this.header,
      hasOnLoad: this.hasOnLoad,
      md5: this.md5,
      codeWords: this.codeWords,
      literalWords: this.literals.areaWords + this.literals.extraWords,
    };
  }

  /** Frees everything allocated so far (on error or abandonment). */
  releaseAll(): void {
    if (this.finished) return;
    this.finished = true;
    const arena = this.loader.arena;
    if (this.header !== 0) arena.free(this.header);
    if (this.extraList !== 0) arena.free(this.extraList);
    if (this.binaryList !== 0) arena.free(this.binaryList);
    if (this.exportList !== 0) arena.free(this.exportList);
    if (this.codeArea !== 0) arena.free(this.codeArea);
    this.literals?.releaseAll();
    this.header = this.extraList = this.binaryList = this.exportList = this.codeArea = 0;
  }
}

/** Most arguments a BEAM function takes (ERTS's MAX_ARG): bounds every arity in the tables. */
const MAX_ARITY = 255;

/**
 * Arities in ImpT, ExpT and FunT are counts the transform acts on (a fun's free
 * variables are written out one by one): a corrupt one must be refused, not obeyed.
 */
function checkArities(beam: BeamFile): void {
  const refuse = (chunk: string, what: string): never => {
    throw new LoadError('badfile', what, beam.chunk(chunk)?.dataOffset ?? 0, chunk, [beam.module]);
  };
  for (const entry of beam.imports) {
    if (entry.arity > MAX_ARITY) refuse('ImpT', `import ${entry.module}:${entry.name}/${entry.arity} has more than ${MAX_ARITY} arguments`);
  }
  for (const entry of beam.exports) {
    if (entry.arity > MAX_ARITY) refuse('ExpT', `export ${entry.name}/${entry.arity} has more than ${MAX_ARITY} arguments`);
  }
  for (const fun of beam.funs ?? []) {
    if (fun.arity > MAX_ARITY || fun.numFree > fun.arity) {
      refuse('FunT', `lambda ${fun.name}/${fun.arity} with ${fun.numFree} free variables: arity over ${MAX_ARITY} or more free variables than arguments`);
    }
  }
}

/** Refuses a Code header whose counts the chunk cannot back, and corrupt arities, before any work. */
function checkCodeHeader(beam: BeamFile): void {
  const codeChunk = beam.chunk('Code');
  if (codeChunk === undefined) throw new BeamFormatError('missing_chunk', 'no Code chunk', 0, 'Code');
  const header = beam.codeHeader;
  // The transform allocates a table per label: a label count the chunk cannot back would
  // make a 1 KiB file reserve gigabytes. Compilers number labels densely and each
  // definition (`label L`) takes at least 2 bytes, so the chunk size bounds the count.
  const maxLabels = codeChunk.size + 1;
  if (header.labelCount > maxLabels || header.functionCount > maxLabels) {
    throw new LoadError(
      'badfile',
      `code header claims ${header.labelCount} labels and ${header.functionCount} functions, more than a Code chunk of ${codeChunk.size} bytes can define`,
      codeChunk.dataOffset + 8,
      'Code',
      [beam.module],
    );
  }
  checkArities(beam);
  checkTypeTable(beam);
}

/** What the code transform reads, from beam-format's decoded chunks and the Code chunk's stream. */
function codeInput(beam: BeamFile): CodeInput {
  const codeChunk = beam.chunk('Code');
  if (codeChunk === undefined) throw new BeamFormatError('missing_chunk', 'no Code chunk', 0, 'Code');
  const code = new InstructionReader(codeChunk.data, codeChunk.dataOffset, beam.codeHeader);
  const atoms = ['', ...beam.atoms];
  const atomIndex = new Map<string, number>();
  atoms.forEach((name, index) => {
    if (index > 0 && !atomIndex.has(name)) atomIndex.set(name, index);
  });
  const indexOf = (name: string): number => atomIndex.get(name) ?? 0;
  const lines = beam.lines;
  return {
    atoms,
    labelCount: code.header.labelCount,
    functionCount: code.header.functionCount,
    code,
    imports: beam.imports.map((entry) => ({ module: indexOf(entry.module), function: indexOf(entry.name), arity: entry.arity })),
    exports: beam.exports.map((entry) => ({ function: indexOf(entry.name), arity: entry.arity, label: entry.label })),
    lambdas: (beam.funs ?? []).map((fun) => ({
      function: indexOf(fun.name),
      arity: fun.arity,
      label: fun.label,
      index: fun.index,
      numFree: fun.numFree,
      oldUniq: fun.oldUniq,
    })),
    strings: beam.strings,
    lines: lines !== null && 'items' in lines ? { items: lines.items, files: [`${beam.module}.erl`, ...lines.fileNames] } : undefined,
    codeChunkOffset: beam.chunk('Code')?.dataOffset,
  };
}

