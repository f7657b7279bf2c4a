import type { ChunkLocation, LiteralTable } from '@beamload/beam-format';
import {
  HeapWriter,
  createTermStore,
  decodeMeasuredEtf,
  integerWords,
  makeInteger,
  measureEtf,
  releaseBinaryBlock,
  type Arena,
  type MeasuredEtf,
  type TermStore,
} from '@beamload/terms';
import { LoadError } from './errors.js';
import type { Loader } from './loader.js';

/**
 * Builds a module's literal area: every LitT entry (and the Attr and CInf chunks, which
 * module_info reports) decoded once, straight from ETF bytes into one arena block, in two
 * passes: a sizing pass that validates every byte and sums the words (nothing allocated
 * yet, so a bad file costs no memory), then the decode, which can run in bounded slices.
 *
 * Refc binaries over 64 bytes keep their bytes in separate reference-counted blocks: the
 * builder records them (through a recording view of the arena) so that freeing the
 * instance releases them. Integers of the code too big for a small get a block each.
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

  private readonly store: TermStore;
  /** The arena seen through a recorder of the blocks it allocates: only for terms with refc binaries. */
  private readonly recordingArena: Arena;
  /** Sized literals, by index (allocated at its full length: pushing 50,000 grows it a dozen times). */
  private readonly measuredTerms: Array<MeasuredEtf | undefined>;
  private measuredCount = 0;
  private metaMeasured = false;
  /** measureEtf's options, one object for every literal (read, not kept, by measureEtf). */
  private readonly measureOptions = { offset: 0, baseOffset: 0 };
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
    const arena = loader.arena;
    this.store = createTermStore(arena, loader.atoms);
    this.recordingArena = recordingArena(arena, this.binaryBlocks);
    this.words = new Int32Array(table?.count ?? 0);
    this.measuredTerms = new Array(table?.count ?? 0);
  }

  get count(): number {
    return this.table?.count ?? 0;
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
      for (let index = this.measuredCount; index < stop; index++) {
        const entry = table.entries[index];
        const measured = this.measureOne(table.table, entry.offset, index);
        this.measuredTerms[index] = measured;
        this.measuredCount = index + 1;
        this.areaWords += measured.heapWords;
      }
    }
    if (!this.metaMeasured && this.measuredCount >= this.count) {
      // Attr/CInf are not needed to run code: a file whose Attr is not ETF still loads
      // (ERTS does not decode them at load time), module_info then reports [].
      this.attributes = this.measureChunk(this.attributesChunk);
      this.compileInfo = this.measureChunk(this.compileInfoChunk);
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
        if (this.attributes) this.attributesWord = this.decode(this.attributes, writer);
        if (this.compileInfo) this.compileInfoWord = this.decode(this.compileInfo, writer);
      }
      this.metaDone = true;
    }
    if (writer === undefined) {
      this.next = this.count;
      return;
    }
    const stopAt = writer.used + budgetWords;
    while (this.next < this.count) {
      this.words[this.next] = this.decode(this.measuredTerms[this.next]!, writer);
      this.measuredTerms[this.next] = undefined; // let the inflated copy go
      this.next++;
      if (writer.used >= stopAt) break;
    }
  }

  /**
   * Decodes one measured term at the writer's top. A term with refc binaries (bytes
   * outside the area) goes through the recording arena so its data blocks are known.
   */
  private decode(measured: MeasuredEtf, writer: HeapWriter): number {
    if (measured.offHeapBytes === 0) return decodeMeasuredEtf(this.store, measured, writer);
    const recording = new HeapWriter(this.recordingArena, writer.top, writer.end);
    const term = decodeMeasuredEtf(this.store, measured, recording);
    writer.top = recording.top;
    return term;
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
  private measureOne(bytes: Uint8Array, offset: number, index: number): MeasuredEtf {
    const streamOffset = (this.literalChunk?.dataOffset ?? 0) + 4;
    const compressed = this.table?.compressed ?? false;
    const options = this.measureOptions;
    options.offset = offset;
    options.baseOffset = compressed ? 0 : streamOffset;
    try {
      return measureEtf(this.store, bytes, options);
    } catch (error) {
      // The literal's name is built only for the error (this runs once per literal).
      const what = `literal ${index}`;
      throw relocate(error, compressed ? `${what} (inflated table)` : what, 'LitT', compressed ? streamOffset : undefined);
    }
  }

  private measureChunk(chunk: ChunkLocation | undefined): MeasuredEtf | undefined {
    if (chunk === undefined || chunk.data.length === 0) return undefined;
    try {
      return measureEtf(this.store, chunk.data, { offset: 0, baseOffset: chunk.dataOffset });
    } catch {
      return undefined;
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

/**
 * The arena as the ETF decoder sees it, except that every block it allocates outside the
 * literal area (refc binary data) is recorded in `allocated`.
 */
function recordingArena(arena: Arena, allocated: number[]): Arena {
  return new Proxy(arena, {
    get(target, property) {
      if (property === 'alloc') {
        return (words: number, kind: Parameters<Arena['alloc']>[1]) => {
          const block = target.alloc(words, kind);
          allocated.push(block);
          return block;
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
