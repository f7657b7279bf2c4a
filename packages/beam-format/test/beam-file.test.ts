import { describe, expect, it } from 'vitest';
import { readBeam } from '../src/beam-file.js';
import { isLineTable } from '../src/chunks/lines.js';
import { isTypeTable } from '../src/chunks/types.js';
import { readContainer } from '../src/container.js';
import { BeamFormatError } from '../src/errors.js';
import { atom, ErlFloat, ErlMap, ErlTuple } from '../src/term/values.js';
import { beamBytes, atomChunk, codeChunk, tripleChunk } from './helpers/bytes.js';
import { fixture } from './helpers/fixtures.js';

/** A copy of `bytes` whose LitT zlib stream is overwritten with garbage. */
function withCorruptLiterals(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const litT = readContainer(copy).chunks.find((chunk) => chunk.id === 'LitT')!;
  copy.fill(0x55, litT.dataOffset + 4, litT.dataOffset + litT.size);
  return copy;
}

describe('readBeam on a compiled module', () => {
  const bytes = fixture('default', 'fixture_features');

  it('reads every chunk the compiler wrote', () => {
    const beam = readBeam(bytes);
    expect(beam.chunkIds).toEqual(['AtU8', 'Code', 'StrT', 'ImpT', 'ExpT', 'FunT', 'LitT', 'Meta', 'LocT', 'Attr', 'CInf', 'Dbgi', 'Line', 'Type']);
    expect(beam.module).toBe('fixture_features');
    expect(beam.exports.map((entry) => `${entry.name}/${entry.arity}`)).toContain('big_map/0');
    expect(beam.imports).toContainEqual({ module: 'erlang', name: 'raise', arity: 3 });
    expect(beam.locals!.some((entry) => entry.name.startsWith('-funs/1-fun-'))).toBe(true);
    expect(beam.funs!.length).toBeGreaterThanOrEqual(2);
    expect(beam.codeHeader.format).toBe(0);
    expect(beam.strings.length).toBeGreaterThan(0);
    const lines = beam.lines!;
    expect(isLineTable(lines) && lines.fileNames).toEqual(['src/fixture_features.hrl', 'src/fixture_features.erl']);
    const types = beam.types!;
    expect(isTypeTable(types) && types.version).toBe(1);
    expect(beam.meta).toEqual([new ErlTuple([atom('enabled_features'), []])]);
    const attributes = beam.attributes as ErlTuple[];
    expect(attributes.map((pair) => (pair.elements[0] as { name: string }).name)).toEqual([
      'author', 'vsn', 'custom_attribute', 'custom_attribute',
    ]);
    expect(Array.isArray(beam.compileInfo)).toBe(true);
    // Dbgi is not decoded by readBeam, but can be as ETF on demand.
    expect(beam.etfChunk('Dbgi')!.decode()).toBeInstanceOf(ErlTuple);
  });

  it('decodes every literal kind the module holds', () => {
    const literals = readBeam(bytes).literals!.all();
    const mixed = literals.find((literal) => literal instanceof ErlTuple && literal.elements.length === 11) as ErlTuple;
    const [negativeZero, zero] = mixed.elements.slice(6, 8) as ErlFloat[];
    expect(Object.is(negativeZero!.value, -0)).toBe(true);
    expect(Object.is(zero!.value, 0)).toBe(true);
    expect(mixed.elements[10]).toBe(12345678901234567890123n);
    expect(mixed.elements[1]).toMatchObject({ module: atom('lists'), name: atom('map'), arity: 2 });
    expect(literals.some((literal) => literal instanceof ErlMap && literal.entries.length === 36)).toBe(true);
  });

  it('reads the same module from every compiler variant', () => {
    for (const variant of ['r22', 'r23', 'r24', 'compressed', 'slim', 'stripped'] as const) {
      const beam = readBeam(fixture(variant, 'fixture_features'));
      expect(beam.module).toBe('fixture_features');
      expect(beam.disassemble().length).toBeGreaterThan(30);
    }
    expect(readBeam(fixture('slim', 'fixture_features')).locals).toBeNull();
    expect(readBeam(fixture('compressed', 'fixture_features')).container.gzipped).toBe(true);
  });
});

describe('chunk-level laziness', () => {
  const bytes = fixture('default', 'fixture_features');

  it('reading the exports decodes AtU8 and ExpT only, never LitT', () => {
    const beam = readBeam(bytes);
    expect(beam.decodedChunks()).toEqual([]);
    beam.exports;
    expect(beam.decodedChunks().sort()).toEqual(['AtU8', 'ExpT']);
    beam.etfChunk('Dbgi');
    expect(beam.decodedChunks()).not.toContain('Dbgi');
    beam.attributes;
    expect(beam.decodedChunks().sort()).toEqual(['AtU8', 'Attr', 'ExpT']);
  });

  it('reading the exports works even when LitT is corrupt; the literals then fail with a typed error', () => {
    const beam = readBeam(withCorruptLiterals(bytes));
    expect(beam.exports.length).toBeGreaterThan(20);
    expect(beam.imports.length).toBeGreaterThan(5);
    expect(beam.attributes).not.toBeNull();
    expect(() => beam.literals).toThrow(BeamFormatError);
    expect(() => beam.literals).toThrow(expect.objectContaining({ chunk: 'LitT' }));
  });

  it('inflates LitT once and decodes each literal only when asked', () => {
    const beam = readBeam(bytes);
    const table = beam.literals!;
    expect(beam.literals).toBe(table);
    expect(table.literal(0)).toBe(table.literal(0));
  });
});

describe('missing and malformed chunks', () => {
  it('names a missing required chunk', () => {
    const beam = readBeam(beamBytes([atomChunk(['m'])]));
    expect(() => beam.exports).toThrow(expect.objectContaining({ code: 'missing_chunk', chunk: 'ExpT' }));
    expect(() => beam.code).toThrow(expect.objectContaining({ code: 'missing_chunk', chunk: 'Code' }));
    expect(beam.locals).toBeNull();
    expect(beam.literals).toBeNull();
    expect(beam.attributes).toBeNull();
  });

  it('falls back to the Latin-1 Atom chunk', () => {
    const beam = readBeam(beamBytes([{ id: 'Atom', data: [0, 0, 0, 1, 1, 0x6d] }, tripleChunk('ExpT', [])]));
    expect(beam.module).toBe('m');
  });

  it('keeps unknown chunks raw', () => {
    const beam = readBeam(beamBytes([atomChunk(['m']), { id: 'ExCk', data: [131, 106] }, codeChunk([0x03], 1, 0)]));
    expect(Array.from(beam.chunk('ExCk')!.data)).toEqual([131, 106]);
    expect(beam.etfChunk('ExCk')!.decode()).toEqual([]);
  });
});
