import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeAtoms } from '../src/chunks/atoms.js';
import { LazyEtfChunk } from '../src/chunks/etf-chunk.js';
import { decodeFunctionTable } from '../src/chunks/function-table.js';
import { decodeFuns } from '../src/chunks/funs.js';
import { decodeImports } from '../src/chunks/imports.js';
import { decodeLineTable } from '../src/chunks/lines.js';
import { decodeLiteralTable } from '../src/chunks/literals.js';
import { decodeTypeTable, type TypeTable } from '../src/chunks/types.js';
import { atom, ErlFloat, ErlTuple } from '../src/term/values.js';
import { i64, u16, u32, utf8 } from './helpers/bytes.js';

const bytes = (values: number[]) => new Uint8Array(values);

describe('AtU8 and Atom', () => {
  it('reads the short layout (count >= 0)', () => {
    expect(decodeAtoms(bytes([...u32(2), 3, ...utf8('mod'), 3, ...utf8('ök')]), 0, 'AtU8')).toEqual(['mod', 'ök']);
  });

  it('reads the long layout (count < 0, compact u lengths, OTP 28)', () => {
    const long = 'a'.repeat(16);
    const data = bytes([...u32(-2 >>> 0), 0x10, ...utf8('a'), 0x08, 0x10, ...utf8(long)]);
    expect(decodeAtoms(data, 0, 'AtU8')).toEqual(['a', long]);
  });

  it('reads the old Latin-1 Atom chunk', () => {
    expect(decodeAtoms(bytes([...u32(1), 2, 0xe9, 0x74]), 0, 'Atom')).toEqual(['ét']);
  });

  it('refuses invalid UTF-8, short data and absurd counts with offsets', () => {
    expect(() => decodeAtoms(bytes([...u32(1), 1, 0xff]), 100, 'AtU8')).toThrow(expect.objectContaining({ code: 'bad_chunk', offset: 104, chunk: 'AtU8' }));
    expect(() => decodeAtoms(bytes([...u32(1), 5, 0x61]), 100, 'AtU8')).toThrow(expect.objectContaining({ code: 'truncated', chunk: 'AtU8' }));
    expect(() => decodeAtoms(bytes([...u32(0x7fffffff)]), 0, 'AtU8')).toThrow(expect.objectContaining({ code: 'truncated' }));
    expect(() => decodeAtoms(bytes([...u32(-1 >>> 0), 0x10, 0x61]), 0, 'Atom')).toThrow(expect.objectContaining({ code: 'bad_chunk' }));
  });
});

const ATOMS = ['mod', 'erlang', 'abs', 'f', '-f/0-fun-0-'];

describe('ImpT, ExpT, LocT, FunT', () => {
  it('resolves import atoms', () => {
    expect(decodeImports(bytes([...u32(1), ...u32(2), ...u32(3), ...u32(1)]), 0, ATOMS)).toEqual([{ module: 'erlang', name: 'abs', arity: 1 }]);
  });

  it('keeps ExpT and LocT in file order', () => {
    const data = bytes([...u32(2), ...u32(4), ...u32(0), ...u32(2), ...u32(5), ...u32(1), ...u32(4)]);
    expect(decodeFunctionTable(data, 0, 'LocT', ATOMS)).toEqual([
      { name: 'f', arity: 0, label: 2 },
      { name: '-f/0-fun-0-', arity: 1, label: 4 },
    ]);
  });

  it('reads FunT entries', () => {
    const data = bytes([...u32(1), ...u32(5), ...u32(1), ...u32(4), ...u32(0), ...u32(1), ...u32(33473461)]);
    expect(decodeFuns(data, 0, ATOMS)).toEqual([{ name: '-f/0-fun-0-', arity: 1, label: 4, index: 0, numFree: 1, oldUniq: 33473461 }]);
  });

  it('refuses bad atom indexes and short tables with the chunk id and offset', () => {
    expect(() => decodeImports(bytes([...u32(1), ...u32(9), ...u32(3), ...u32(1)]), 10, ATOMS)).toThrow(
      expect.objectContaining({ code: 'bad_index', offset: 14, chunk: 'ImpT' }),
    );
    expect(() => decodeFunctionTable(bytes([...u32(1), ...u32(0), ...u32(0), ...u32(0)]), 0, 'ExpT', ATOMS)).toThrow(
      expect.objectContaining({ code: 'bad_index', chunk: 'ExpT' }),
    );
    expect(() => decodeFuns(bytes([...u32(2), ...u32(5)]), 0, ATOMS)).toThrow(expect.objectContaining({ code: 'truncated', chunk: 'FunT' }));
  });
});

// [{ok, 1.5}] and the atom 'abc' as ETF, each with its 131 byte.
const LITERAL_0 = [131, 108, 0, 0, 0, 1, 104, 2, 119, 2, ...utf8('ok'), 70, ...Array.from(new Uint8Array(new Float64Array([1.5]).buffer)).reverse(), 106];
const LITERAL_1 = [131, 119, 3, ...utf8('abc')];
const TABLE = [...u32(2), ...u32(LITERAL_0.length), ...LITERAL_0, ...u32(LITERAL_1.length), ...LITERAL_1];

describe('LitT', () => {
  it('inflates a compressed table and decodes each literal on demand', () => {
    const data = bytes([...u32(TABLE.length), ...deflateSync(bytes(TABLE))]);
    const table = decodeLiteralTable(data, 0);
    expect(table.compressed).toBe(true);
    expect(table.count).toBe(2);
    expect(Array.from(table.raw(1))).toEqual(LITERAL_1);
    expect(table.literal(1)).toBe(atom('abc'));
    expect(table.literal(0)).toEqual([new ErlTuple([atom('ok'), new ErlFloat(1.5)])]);
  });

  it('reads a stored table (size word 0, OTP 28)', () => {
    const table = decodeLiteralTable(bytes([...u32(0), ...TABLE]), 0);
    expect(table.compressed).toBe(false);
    expect(table.all()[1]).toBe(atom('abc'));
  });

  it('refuses a claimed size zlib cannot reach, before inflating', () => {
    const data = bytes([...u32(0x7fffffff), ...deflateSync(bytes(TABLE))]);
    expect(() => decodeLiteralTable(data, 40)).toThrow(expect.objectContaining({ code: 'limit_exceeded', offset: 40, chunk: 'LitT' }));
  });

  it('refuses a table larger than the configured limit', () => {
    const big = new Uint8Array(100_000);
    const data = bytes([...u32(big.length), ...deflateSync(big)]);
    expect(() => decodeLiteralTable(data, 0, { maxInflatedBytes: 50_000 })).toThrow(expect.objectContaining({ code: 'limit_exceeded', chunk: 'LitT' }));
  });

  it('reports corrupt zlib data, a wrong claimed size and bad entries as typed errors', () => {
    expect(() => decodeLiteralTable(bytes([...u32(10), 1, 2, 3, 4]), 0)).toThrow(expect.objectContaining({ code: 'inflate_failed', chunk: 'LitT' }));
    expect(() => decodeLiteralTable(bytes([...u32(TABLE.length + 1), ...deflateSync(bytes(TABLE))]), 0)).toThrow(
      expect.objectContaining({ chunk: 'LitT' }),
    );
    const badEntry = [...u32(1), ...u32(3), 131, 119, 9];
    const table = decodeLiteralTable(bytes([...u32(0), ...badEntry]), 20);
    expect(() => table.literal(0)).toThrow(expect.objectContaining({ chunk: 'LitT' }));
    expect(() => decodeLiteralTable(bytes([...u32(0), ...u32(1), ...u32(50), 131]), 20)).toThrow(
      expect.objectContaining({ code: 'truncated', offset: 32, chunk: 'LitT' }),
    );
  });
});

describe('Line', () => {
  it('reads items, file switches and file names (item 0 and file 0 implicit)', () => {
    // version 0, flags 0, 5 line instructions, 3 items, 1 file name:
    // a1 i1 a0 i4 i5, then "i.hrl" (as erlc writes for an included function)
    const data = bytes([...u32(0), ...u32(0), ...u32(5), ...u32(3), ...u32(1), 0x12, 0x11, 0x02, 0x41, 0x51, ...u16(5), ...utf8('i.hrl')]);
    expect(decodeLineTable(data, 0)).toEqual({
      version: 0,
      flags: 0,
      lineInstructionCount: 5,
      items: [
        { file: 0, line: 0 },
        { file: 1, line: 1 },
        { file: 0, line: 4 },
        { file: 0, line: 5 },
      ],
      fileNames: ['i.hrl'],
    });
  });

  it('keeps a Line chunk of an unknown version raw', () => {
    const data = bytes([...u32(7), 1, 2, 3]);
    expect(decodeLineTable(data, 0)).toEqual({ version: 7, raw: data });
  });

  it('refuses a file index beyond the names and a non-line term', () => {
    expect(() => decodeLineTable(bytes([...u32(0), ...u32(0), ...u32(1), ...u32(1), ...u32(0), 0x22, 0x11]), 8)).toThrow(
      expect.objectContaining({ code: 'bad_index', offset: 28, chunk: 'Line' }),
    );
    expect(() => decodeLineTable(bytes([...u32(0), ...u32(0), ...u32(1), ...u32(1), ...u32(0), 0x03]), 0)).toThrow(
      expect.objectContaining({ code: 'bad_chunk', chunk: 'Line' }),
    );
    expect(() => decodeLineTable(bytes([...u32(0), ...u32(0), ...u32(1), ...u32(2), ...u32(0), 0x11]), 0)).toThrow(
      expect.objectContaining({ code: 'truncated', chunk: 'Line' }),
    );
  });
});

describe('Type', () => {
  it('reads v1 (OTP 25) entries; min > max means no range', () => {
    const data = bytes([...u32(1), ...u32(2), ...u16(0x1fff), ...i64(0n), ...i64(-1n), ...u16(1 << 6), ...i64(-5n), ...i64(10n)]);
    const table = decodeTypeTable(data, 0);
    expect(table).toMatchObject({ version: 1 });
    const entries = (table as TypeTable).entries;
    expect(entries[0]).toMatchObject({ bits: 0x1fff, min: null, max: null, unit: null });
    expect(entries[1]).toEqual({ bits: 64, types: ['integer'], min: -5n, max: 10n, unit: null });
  });

  it('reads v2 (OTP 26) optional min, max and unit', () => {
    const data = bytes([...u32(2), ...u32(2), ...u16((1 << 6) | (1 << 13)), ...i64(3n), ...u16((1 << 1) | (1 << 15)), 7]);
    const entries = (decodeTypeTable(data, 0) as TypeTable).entries;
    expect(entries).toEqual([
      { bits: (1 << 6) | (1 << 13), types: ['integer'], min: 3n, max: null, unit: null },
      { bits: 2 | (1 << 15), types: ['bitstring'], min: null, max: null, unit: 8 },
    ]);
  });

  it('reads v3 (OTP 27-28), where bs_context is gone and the flags move down', () => {
    const data = bytes([...u32(3), ...u32(1), ...u16((1 << 5) | (1 << 12) | (1 << 13)), ...i64(0n), ...i64(255n)]);
    expect((decodeTypeTable(data, 0) as TypeTable).entries).toEqual([
      { bits: (1 << 5) | (1 << 12) | (1 << 13), types: ['integer'], min: 0n, max: 255n, unit: null },
    ]);
  });

  it('keeps unknown versions raw and refuses truncated entries', () => {
    expect(decodeTypeTable(bytes([...u32(4), 0]), 0)).toMatchObject({ version: 4 });
    expect(() => decodeTypeTable(bytes([...u32(1), ...u32(1), ...u16(0)]), 0)).toThrow(expect.objectContaining({ code: 'truncated', chunk: 'Type' }));
    expect(() => decodeTypeTable(bytes([...u32(2), ...u32(1), ...u16(1 << 13), 0, 0]), 0)).toThrow(
      expect.objectContaining({ code: 'truncated', chunk: 'Type' }),
    );
  });
});

describe('ETF chunks (Attr, CInf, Meta, unknown)', () => {
  it('decodes lazily, once, with ATOM_EXT as OTP 25 writes in Attr', () => {
    const data = bytes([131, 108, 0, 0, 0, 1, 104, 2, 100, 0, 3, ...utf8('vsn'), 106, 106]);
    const chunk = new LazyEtfChunk('Attr', data, 0);
    expect(chunk.decoded).toBe(false);
    const value = chunk.decode();
    expect(chunk.decoded).toBe(true);
    expect(value).toEqual([new ErlTuple([atom('vsn'), []])]);
    expect(chunk.decode()).toBe(value);
  });

  it('reports a bad term with the chunk id and an absolute offset', () => {
    const chunk = new LazyEtfChunk('Meta', bytes([131, 119, 5, 0x61]), 500);
    expect(() => chunk.decode()).toThrow(expect.objectContaining({ chunk: 'Meta' }));
    try {
      chunk.decode();
    } catch (error) {
      expect((error as { offset: number }).offset).toBeGreaterThanOrEqual(500);
    }
  });
});
