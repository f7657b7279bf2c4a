import { BeamFormatError } from '../errors.js';
import { decodeEtf } from '../etf/decode.js';
import type { EtfLimits } from '../etf/limits.js';
import { DEFAULT_MAX_INFLATED_BYTES, inflate } from '../inflate.js';
import type { Term } from '../term/values.js';
import { ChunkReader } from './chunk-reader.js';

/**
 * LitT: u32 UncompressedSize, then either a zlib stream (size != 0, OTP <= 27) or the
 * table stored as is (size = 0, OTP 28+). The table: u32 Count, then Count x (u32 Size,
 * ETF term with its 131 byte). Entries are kept as byte ranges and decoded on demand.
 */
export interface LiteralTableOptions {
  /** Largest inflated table accepted (default 256 MiB). */
  maxInflatedBytes?: number;
  etfLimits?: Partial<EtfLimits>;
}

/**
 * zlib cannot expand by more than about 1032:1, so a claimed size beyond this ratio is
 * a lie; refusing it up front keeps a 100-byte chunk from reserving gigabytes.
 */
export const MAX_ZLIB_EXPANSION_RATIO = 1032;

export interface LiteralEntry {
  /** Offset of the ETF bytes (the 131) in `LiteralTable.table`. */
  readonly offset: number;
  readonly size: number;
}

export class LiteralTable {
  /** Decoded literals, by index; created on the first `literal()` (a loader never asks). */
  private decoded: Array<Term | undefined> | undefined;
  private entryObjects: LiteralEntry[] | undefined;

  constructor(
    /** The inflated (or stored) table, count word included. */
    readonly table: Uint8Array,
    /**
     * Offset of each entry's ETF bytes (the 131) in `table`, and their sizes: two typed
     * arrays rather than an object per entry (a 50,000-entry table made 50,000 of them on
     * every load).
     */
    readonly offsets: Uint32Array,
    readonly sizes: Uint32Array,
    readonly compressed: boolean,
    /** Absolute offset errors inside the table are reported at: the table itself when stored, the zlib stream when compressed. */
    private readonly errorBase: number,
    private readonly etfLimits: Partial<EtfLimits> | undefined,
  ) {}

  get count(): number {
    return this.offsets.length;
  }

  /** The entries as objects (built on first use). */
  get entries(): readonly LiteralEntry[] {
    if (this.entryObjects === undefined) {
      this.entryObjects = Array.from(this.offsets, (offset, index) => ({ offset, size: this.sizes[index]! }));
    }
    return this.entryObjects;
  }

  /** The ETF bytes of literal `index` (0-based, as z4 operands count). */
  raw(index: number): Uint8Array {
    const entry = this.entry(index);
    return this.table.subarray(entry.offset, entry.offset + entry.size);
  }

  /** Literal `index`, ETF-decoded once and then cached. */
  literal(index: number): Term {
    const decoded = (this.decoded ??= new Array(this.count));
    const cached = decoded[index];
    if (cached !== undefined) return cached;
    const entry = this.entry(index);
    const value = this.decodeEntry(entry);
    decoded[index] = value;
    return value;
  }

  all(): Term[] {
    return Array.from(this.offsets, (_, index) => this.literal(index));
  }

  private entry(index: number): LiteralEntry {
    if (!Number.isInteger(index) || index < 0 || index >= this.count) {
      throw new BeamFormatError('bad_index', `literal ${index} is not in 0..${this.count - 1}`, this.errorBase, 'LitT');
    }
    return { offset: this.offsets[index]!, size: this.sizes[index]! };
  }

  private decodeEntry(entry: LiteralEntry): Term {
    const bytes = this.table.subarray(0, entry.offset + entry.size);
    if (!this.compressed) {
      return decodeEtf(bytes, { offset: entry.offset, chunk: 'LitT', baseOffset: this.errorBase, limits: this.etfLimits });
    }
    try {
      return decodeEtf(bytes, { offset: entry.offset, chunk: 'LitT', baseOffset: 0, limits: this.etfLimits });
    } catch (error) {
      if (!(error instanceof BeamFormatError)) throw error;
      throw new BeamFormatError(
        error.code,
        `${error.detail} (at byte ${error.offset} of the inflated literal table)`,
        this.errorBase,
        'LitT',
      );
    }
  }
}

export function decodeLiteralTable(data: Uint8Array, baseOffset: number, options: LiteralTableOptions = {}): LiteralTable {
  const header = new ChunkReader(data, baseOffset, 'LitT');
  const uncompressedSize = header.u32('uncompressed size');
  const compressed = uncompressedSize !== 0;
  const streamOffset = baseOffset + 4;
  let table: Uint8Array;
  if (compressed) {
    const maxBytes = options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
    const plausible = (data.length - 4) * MAX_ZLIB_EXPANSION_RATIO + 1024;
    if (uncompressedSize > plausible) {
      throw new BeamFormatError(
        'limit_exceeded',
        `claims ${uncompressedSize} inflated bytes from ${data.length - 4} compressed ones`,
        baseOffset,
        'LitT',
      );
    }
    table = inflate(data.subarray(4), uncompressedSize, { maxBytes, baseOffset: streamOffset, chunk: 'LitT' });
  } else {
    table = data.subarray(4);
  }
  let entries: { offsets: Uint32Array; sizes: Uint32Array };
  try {
    entries = readEntries(new ChunkReader(table, compressed ? 0 : streamOffset, 'LitT'));
  } catch (error) {
    if (!compressed || !(error instanceof BeamFormatError)) throw error;
    // Positions inside inflated bytes are not file offsets: report the zlib stream.
    throw new BeamFormatError(error.code, `${error.detail} (at byte ${error.offset} of the inflated literal table)`, streamOffset, 'LitT');
  }
  return new LiteralTable(table, entries.offsets, entries.sizes, compressed, streamOffset, options.etfLimits);
}

function readEntries(reader: ChunkReader): { offsets: Uint32Array; sizes: Uint32Array } {
  const count = reader.entryCount(reader.u32('literal count'), 4, 'literals');
  const offsets = new Uint32Array(count);
  const sizes = new Uint32Array(count);
  for (let index = 0; index < count; index++) {
    const size = reader.u32('literal size');
    const offset = reader.position;
    // Only the bounds matter here (entries are decoded on demand): no view, and the
    // literal's name is built only for the error.
    if (size > reader.remaining) reader.need(size, `literal ${index}`);
    reader.position = offset + size;
    offsets[index] = offset;
    sizes[index] = size;
  }
  return { offsets, sizes };
}
