import { decodeAtoms } from './chunks/atoms.js';
import { LazyEtfChunk } from './chunks/etf-chunk.js';
import { decodeFunctionTable, type FunctionTableEntry } from './chunks/function-table.js';
import { decodeFuns, type FunEntry } from './chunks/funs.js';
import { decodeImports, type Import } from './chunks/imports.js';
import { decodeLineTable, type LineTable, type UnknownLineTable } from './chunks/lines.js';
import { decodeLiteralTable, type LiteralTable } from './chunks/literals.js';
import { decodeTypeTable, type TypeTable, type UnknownTypeTable } from './chunks/types.js';
import { decodeCode, decodeCodeHeader, type CodeChunk, type CodeHeader } from './code.js';
import { readContainer, type BeamContainer, type ChunkLocation } from './container.js';
import { disassemble, type DisassembledFunction } from './disasm/disassemble.js';
import { BeamFormatError } from './errors.js';
import type { EtfLimits } from './etf/limits.js';
import type { Term } from './term/values.js';

export interface ReadBeamOptions {
  /** Largest inflated size of a gzip'ed file or of LitT (default 256 MiB each). */
  maxInflatedBytes?: number;
  /** Limits for every ETF decode (literals, Attr, CInf, Meta, ...). */
  etfLimits?: Partial<EtfLimits>;
}

/**
 * Reads the container of a `.beam` file now and each chunk only when it is first asked
 * for (then caches it): reading the exports touches AtU8 and ExpT, and never inflates
 * LitT. Chunk offsets in errors refer to `container.bytes` (the inflated bytes of a
 * gzip'ed file).
 */
export function readBeam(bytes: Uint8Array, options: ReadBeamOptions = {}): BeamFile {
  return new BeamFile(readContainer(bytes, { maxInflatedBytes: options.maxInflatedBytes }), options);
}

export class BeamFile {
  private readonly cache = new Map<string, unknown>();
  private readonly decoded = new Set<string>();
  private readonly etfChunks = new Map<string, LazyEtfChunk>();

  constructor(
    readonly container: BeamContainer,
    private readonly options: ReadBeamOptions = {},
  ) {}

  get chunkIds(): string[] {
    return this.container.chunks.map((chunk) => chunk.id);
  }

  chunk(id: string): ChunkLocation | undefined {
    return this.container.chunks.find((chunk) => chunk.id === id);
  }

  /** Ids of the chunks decoded so far (for checking laziness). */
  decodedChunks(): string[] {
    const etf = [...this.etfChunks.values()].filter((chunk) => chunk.decoded).map((chunk) => chunk.id);
    return [...new Set([...this.decoded, ...etf])];
  }

  /** Atom names, atom 1 (the module) first: from AtU8, or from the old Latin-1 Atom chunk. */
  get atoms(): string[] {
    return this.cached('atoms', () => {
      const utf8 = this.chunk('AtU8');
      if (utf8 !== undefined) return this.decode(utf8, (chunk) => decodeAtoms(chunk.data, chunk.dataOffset, 'AtU8'));
      return this.decode(this.required('Atom'), (chunk) => decodeAtoms(chunk.data, chunk.dataOffset, 'Atom'));
    });
  }

  get module(): string {
    const module = this.atoms[0];
    if (module === undefined) {
      const chunk = this.chunk('AtU8') ?? this.chunk('Atom')!;
      throw new BeamFormatError('bad_chunk', 'the atom table is empty (atom 1 is the module)', chunk.dataOffset, chunk.id);
    }
    return module;
  }

  get codeHeader(): CodeHeader {
    return this.cached('codeHeader', () => {
      const chunk = this.required('Code');
      return decodeCodeHeader(chunk.data, chunk.dataOffset);
    });
  }

  /** The Code chunk decoded into instructions with raw operands. */
  get code(): CodeChunk {
    return this.cached('Code', () => this.decode(this.required('Code'), (chunk) => decodeCode(chunk.data, chunk.dataOffset)));
  }

  /** StrT as raw bytes (empty when absent). */
  get strings(): Uint8Array {
    return this.chunk('StrT')?.data ?? new Uint8Array(0);
  }

  get imports(): Import[] {
    return this.cached('ImpT', () => this.decode(this.required('ImpT'), (chunk) => decodeImports(chunk.data, chunk.dataOffset, this.atoms)));
  }

  /** ExpT in file order. */
  get exports(): FunctionTableEntry[] {
    return this.cached('ExpT', () =>
      this.decode(this.required('ExpT'), (chunk) => decodeFunctionTable(chunk.data, chunk.dataOffset, 'ExpT', this.atoms)),
    );
  }

  /** LocT in file order, or null when absent (`+slim`, stripped). */
  get locals(): FunctionTableEntry[] | null {
    return this.optional('LocT', (chunk) => decodeFunctionTable(chunk.data, chunk.dataOffset, 'LocT', this.atoms));
  }

  get funs(): FunEntry[] | null {
    return this.optional('FunT', (chunk) => decodeFuns(chunk.data, chunk.dataOffset, this.atoms));
  }

  /** The literal table (inflated on first access; each literal decoded on demand), or null. */
  get literals(): LiteralTable | null {
    return this.optional('LitT', (chunk) =>
      decodeLiteralTable(chunk.data, chunk.dataOffset, { maxInflatedBytes: this.options.maxInflatedBytes, etfLimits: this.options.etfLimits }),
    );
  }

  get lines(): LineTable | UnknownLineTable | null {
    return this.optional('Line', (chunk) => decodeLineTable(chunk.data, chunk.dataOffset));
  }

  get types(): TypeTable | UnknownTypeTable | null {
    return this.optional('Type', (chunk) => decodeTypeTable(chunk.data, chunk.dataOffset));
  }

  /** Attr as stored: a list of {Key, Value} (beam_lib groups it by key; see `groupAttributes`). */
  get attributes(): Term | null {
    return this.etfChunk('Attr')?.decode() ?? null;
  }

  get compileInfo(): Term | null {
    return this.etfChunk('CInf')?.decode() ?? null;
  }

  get meta(): Term | null {
    return this.etfChunk('Meta')?.decode() ?? null;
  }

  /** Any chunk read as one ETF term (Attr, CInf, Meta, Dbgi, Docs, ...), decoded on first `decode()`. */
  etfChunk(id: string): LazyEtfChunk | undefined {
    const chunk = this.chunk(id);
    if (chunk === undefined) return undefined;
    let lazy = this.etfChunks.get(id);
    if (lazy === undefined) {
      lazy = new LazyEtfChunk(id, chunk.data, chunk.dataOffset, this.options.etfLimits);
      this.etfChunks.set(id, lazy);
    }
    return lazy;
  }

  /** Functions with beam_disasm-style instructions (see `disasm/disassemble.ts`). */
  disassemble(): DisassembledFunction[] {
    return this.cached('disassembly', () => {
      const code = this.code;
      const chunk = this.required('Code');
      return disassemble(
        code.instructions,
        {
          module: this.module,
          atoms: this.atoms,
          imports: this.imports,
          strings: this.strings,
          funs: this.funs,
          literals: this.literals,
        },
        chunk.dataOffset,
      );
    });
  }

  private required(id: string): ChunkLocation {
    const chunk = this.chunk(id);
    if (chunk === undefined) throw new BeamFormatError('missing_chunk', `no ${id} chunk`, 0, id);
    return chunk;
  }

  private optional<T>(id: string, read: (chunk: ChunkLocation) => T): T | null {
    return this.cached(id, () => {
      const chunk = this.chunk(id);
      return chunk === undefined ? null : this.decode(chunk, read);
    });
  }

  private decode<T>(chunk: ChunkLocation, read: (chunk: ChunkLocation) => T): T {
    this.decoded.add(chunk.id);
    return read(chunk);
  }

  private cached<T>(key: string, compute: () => T): T {
    if (this.cache.has(key)) return this.cache.get(key) as T;
    const value = compute();
    this.cache.set(key, value);
    return value;
  }
}
