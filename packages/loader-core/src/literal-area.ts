import type { ChunkLocation, LiteralTable } from '@beamload/beam-format';
import {
  HeapWriter,
  createTermStore,
  decodeMeasuredEtf,
  integerWords,
  makeInteger,
  measureEtf,
  releaseBinaryBlock,
  type MeasuredEtf,
  type TermStore,
} from '@beamload/terms';
import { LoadError } from './errors.js';
import type { Loader } from './loader.js';

const EMPTY = new Uint8Array(0);

/**
 * Builds a module's literal area: every LitT entry (and the Attr and CInf chunks, which
 * module_info reports) decoded once, straight from ETF bytes into one arena block, in two
 * passes: a sizing pass that validates every byte and sums the words (nothing allocated
 * yet, so a bad file costs no memory), then the decode, which can run in bounded slices.
 *
 * Nothing is kept per literal between the passes but its term word: the sizing pass
 * fills one reused record and keeps only the sum, and the decode reads each literal
 * again from the table's bytes (where the sizing pass found it valid). A result object
 * per literal, alive from its sizing to its decoding, was most of the garbage
 * collector's time on a 50,000-entry table. Only a literal that is itself a compressed
 * ETF term (131, 80: no compiler writes one) keeps its sizing result, for the bytes it
 * inflated to.
 *
 * Refc binaries over 64 bytes keep their bytes in separate reference-counted blocks: the
 * decoder records them so that freeing the instance releases them. Integers of the code
 * too big for a small get a block each.
 */
export class LiteralAreaBuilder {
  /** Word index of the literal area block, 0 when the module has no literal. */
  area = 0;
  areaWords = 0;
  /** Words of the integer blocks. */
  extraWords = 0;
  attributesWord: number | undefined;
  compileInfoWord: number | undefined;
  /** Blocks of the integers too big for a small (freed with the instance). */
  readonly integerBlocks: number[] = [];
  /** Refc binary data blocks the literal area references (released with the instance). */
  readonly binaryBlocks: number[] = [];

  /** LitT entries (the transform asks for each literal's word by index, once per use). */
  readonly count: number;
  private readonly store: TermStore;
  private measuredCount = 0;
  private metaMeasured = false;
  /** measureEtf's options, one object for every literal (read, not kept, by measureEtf). */
  private readonly measureOptions = { offset: 0, end: 0, baseOffset: 0 };
  /** The sizing pass's result record, refilled for every literal. */
  private readonly sized: MeasuredEtf = { heapWords: 0, heapWordsExact: true, offHeapBytes: 0, end: 0, body: EMPTY, bodyStart: 0, bodyBase: 0 };
  /** Where the decode reads the next literal from (the table's bytes), refilled for every literal. */
  private readonly source: Pick<MeasuredEtf, 'body' | 'bodyStart' | 'bodyBase'> = { body: EMPTY, bodyStart: 0, bodyBase: 0 };
  /** Sizing results of the literals that are compressed ETF terms, by index: their inflated bytes. */
  private readonly inflatedTerms = new Map<number, MeasuredEtf>();
  private readonly words: Int32Array;
  private attributes: MeasuredEtf | undefined;
  private compileInfo: MeasuredEtf | undefined;
  private writer: HeapWriter | undefined;
  private next = 0;
  private metaDone = false;

  constructor(
    private readonly loader: Loader,
    private readonly table: LiteralTable | null,
    private readonly literalChunk: ChunkLocation | undefined,
    private readonly attributesChunk: ChunkLocation | undefined,
    private readonly compileInfoChunk: ChunkLocation | undefined,
  ) {
    this.store = createTermStore(loader.arena, loader.atoms);
    this.count = table?.count ?? 0;
    this.words = new Int32Array(this.count);
  }

  get done(): boolean {
    return this.metaDone && this.next >= this.count;
  }

  /** True once every literal (and Attr/CInf) has been sized. */
  get measured(): boolean {
    return this.metaMeasured && this.measuredCount >= this.count;
  }

  /**
   * Sizing pass over the next `entries` literals: validates every byte of them and sums
   * their words; allocates nothing.
   */
  measureSome(entries: number): void {
    const table = this.table;
    if (table !== null) {
      const stop = Math.min(table.count, this.measuredCount + entries);
      const bytes = table.table;
      const offsets = table.offsets;
      const sizes = table.sizes;
      const sized = this.sized;
      let words = 0;
      for (let index = this.measuredCount; index < stop; index++) {
        const offset = offsets[index]!;
        this.measureOne(bytes, offset, offset + sizes[index]!, index);
        words += sized.heapWords;
        if (sized.body !== bytes) this.inflatedTerms.set(index, { ...sized });
      }
      this.measuredCount = stop;
      this.areaWords += words;
    }
    if (!this.metaMeasured && this.measuredCount >= this.count) {
      // Attr/CInf are not needed to run code, but ERTS refuses a file whose Attr or CInf
      // is not one ETF term ("bad external term representation of module attributes").
      this.attributes = this.measureChunk(this.attributesChunk, 'Attr');
      this.compileInfo = this.measureChunk(this.compileInfoChunk, 'CInf');
      this.areaWords += (this.attributes?.heapWords ?? 0) + (this.compileInfo?.heapWords ?? 0);
      this.metaMeasured = true;
    }
  }

  allocate(): void {
    if (this.areaWords === 0) return;
    this.area = this.loader.arena.alloc(this.areaWords, 'literal');
    this.writer = new HeapWriter(this.loader.arena, this.area, this.area + this.areaWords);
  }

  /** Decodes literals until about `budgetWords` words were written (at least one literal). */
  decodeSome(budgetWords: number): void {
    const writer = this.writer;
    if (!this.metaDone) {
      if (writer !== undefined) {
        if (this.attributes) this.attributesWord = decodeMeasuredEtf(this.store, this.attributes, writer, this.binaryBlocks);
        if (this.compileInfo) this.compileInfoWord = decodeMeasuredEtf(this.store, this.compileInfo, writer, this.binaryBlocks);
      }
      this.metaDone = true;
    }
    const table = this.table;
    if (writer === undefined || table === null) {
      this.next = this.count;
      return;
    }
    // Where the sizing pass read each literal: the table's bytes, just after the 131.
    const source = this.source;
    source.body = table.table;
    source.bodyBase = table.compressed ? 0 : this.streamOffset();
    const { store, binaryBlocks, words, inflatedTerms } = this;
    const offsets = table.offsets;
    const count = this.count;
    const stopAt = writer.used + budgetWords;
    let next = this.next;
    while (next < count) {
      const inflated = inflatedTerms.size === 0 ? undefined : inflatedTerms.get(next);
      if (inflated === undefined) {
        source.bodyStart = offsets[next]! + 1;
        words[next] = decodeMeasuredEtf(store, source, writer, binaryBlocks);
      } else {
        words[next] = decodeMeasuredEtf(store, inflated, writer, binaryBlocks);
        inflatedTerms.delete(next); // let the inflated copy go
      }
      next++;
      if (writer.used >= stopAt) break;
    }
    this.next = next;
  }

  /** Term word of LitT entry `index` (the code transform's `env.literal`). */
  literalWord(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new LoadError('badfile', `literal ${index} is not in the literal table (${this.count} entries)`, -1, 'Code');
    }
    return this.words[index];
  }

  /** A block holding `value` as a bignum term; returns the block and the term word. */
  integerBlock(value: bigint): { block: number; term: number } {
    const words = integerWords(value);
    const arena = this.loader.arena;
    const block = arena.alloc(Math.max(words, 1), 'literal');
    this.integerBlocks.push(block);
    this.extraWords += words;
    const term = makeInteger(new HeapWriter(arena, block, block + words), value);
    return { block, term };
  }

  /** Frees the area and every block the builder made (a failed prepare). */
  releaseAll(): void {
    const arena = this.loader.arena;
    if (this.area !== 0) arena.free(this.area);
    for (const block of this.integerBlocks) arena.free(block);
    for (const block of this.binaryBlocks) releaseBinaryBlock(arena, block);
    this.area = 0;
    this.integerBlocks.length = 0;
    this.binaryBlocks.length = 0;
  }

  /**
   * Offsets inside a stored (OTP 28) table are file offsets: the table starts 4 bytes
   * into the chunk. Inside an inflated table they are not, so errors then name the
   * start of the zlib stream and say the inflated offset in the detail.
   */
  private measureOne(bytes: Uint8Array, offset: number, end: number, index: number): void {
    const compressed = this.table?.compressed ?? false;
    const options = this.measureOptions;
    options.offset = offset;
    // The term must fit its entry: one that runs on into the next entries is a corrupt
    // table for ERTS too, though every byte it reads is inside LitT.
    options.end = end;
    options.baseOffset = compressed ? 0 : this.streamOffset();
    try {
      measureEtf(this.store, bytes, options, this.sized);
    } catch (error) {
      const streamOffset = this.streamOffset();
      // The literal's name is built only for the error (this runs once per literal).
      const what = `literal ${index}`;
      throw relocate(error, compressed ? `${what} (inflated table)` : what, 'LitT', compressed ? streamOffset : undefined);
    }
  }

  /** File offset of the literal table (just after LitT's size word). */
  private streamOffset(): number {
    return (this.literalChunk?.dataOffset ?? 0) + 4;
  }

  /** An empty chunk is as good as none (ERTS: size 0 means absent). */
  private measureChunk(chunk: ChunkLocation | undefined, id: 'Attr' | 'CInf'): MeasuredEtf | undefined {
    if (chunk === undefined || chunk.data.length === 0) return undefined;
    try {
      return measureEtf(this.store, chunk.data, { offset: 0, baseOffset: chunk.dataOffset });
    } catch (error) {
      throw relocate(error, id === 'Attr' ? 'module attributes' : 'compilation information', id, undefined);
    }
  }
}

/** A decode error inside LitT, as a badfile naming the literal. */
function relocate(error: unknown, what: string, chunk: string, reportAt: number | undefined): unknown {
  if (typeof error === 'object' && error !== null && 'code' in error && 'offset' in error) {
    const { code, offset } = error as { code: unknown; offset: unknown };
    const detail = (error as { detail?: unknown }).detail ?? (error as unknown as Error).message;
    const at = typeof offset === 'number' ? offset : -1;
    const where = reportAt !== undefined ? ` at byte ${at} of it` : '';
    return new LoadError('badfile', `${what}${where}: ${String(code)}: ${String(detail)}`, reportAt ?? at, chunk);
  }
  return error;
}
