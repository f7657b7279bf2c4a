import { describe, expect, it } from 'vitest';
import { Arena, AtomTable, createTermStore, writeTerm } from '@beamload/terms';
import { ErlTuple, atom, buildLiteralModule, encodeEtf, encodeLiteralChunk, readBeam, rewriteBeam, type Term } from '@beamload/beam-format';
import { Loader, NO_BIFS } from '../src/index.js';
import { LiteralAreaBuilder } from '../src/literal-area.js';

/** Every literal of `bytes`' LitT, decoded by a LiteralAreaBuilder and printed (in LitT order). */
function printedLiterals(bytes: Uint8Array, sliceEntries: number, sliceWords: number): { printed: string[]; binaryBlocks: number } {
  const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 1 << 28 });
  const atoms = AtomTable.create(arena);
  const loader = Loader.create(arena, atoms, NO_BIFS);
  const beam = readBeam(bytes);
  const builder = new LiteralAreaBuilder(loader, beam.literals, beam.chunk('LitT'), beam.chunk('Attr'), beam.chunk('CInf'));
  while (!builder.measured) builder.measureSome(sliceEntries);
  builder.allocate();
  while (!builder.done) builder.decodeSome(sliceWords);
  const store = createTermStore(arena, atoms);
  const printed = Array.from({ length: builder.count }, (_, index) => writeTerm(store, builder.literalWord(index)));
  const binaryBlocks = builder.binaryBlocks.length;
  builder.releaseAll();
  return { printed, binaryBlocks };
}

describe('LiteralAreaBuilder', () => {
  // The sizing pass keeps nothing per literal: the decode reads each one again from the
  // table's bytes, except a literal that is itself a compressed ETF term, whose inflated
  // bytes are kept from its sizing to its decoding.
  const repeated = Array.from({ length: 200 }, (_, i) => new ErlTuple([atom('item'), i % 7]));
  const entries: Term[] = [
    new ErlTuple([1, new TextEncoder().encode('a binary literal that is longer than sixty-four bytes, so it is a refc one')]),
    new ErlTuple([2, repeated]),
    new ErlTuple([3, new TextEncoder().encode('short')]),
    new ErlTuple([4, repeated, new TextEncoder().encode('x'.repeat(100))]),
  ];
  const plain = buildLiteralModule({ name: 'area_literals', entries, version: 1 });

  /** The same module, with LitT entries 1 and 3 (the long ones) stored as compressed ETF terms (131, 80, ...). */
  function withCompressedTerms(): Uint8Array {
    const table = readBeam(plain).literals!;
    const literals = table.all().map((term, index) => {
      if (index !== 1 && index !== 3) return term;
      const etf = encodeEtf(term, { minorVersion: 2, compressed: true });
      expect(etf[1]).toBe(80);
      return { etf };
    });
    return rewriteBeam(readBeam(plain).container, { LitT: encodeLiteralChunk(literals) });
  }

  it('decodes literals that are compressed ETF terms as their plain form, in slices or at once', () => {
    const expected = printedLiterals(plain, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY);
    expect(expected.printed).toHaveLength(4);
    expect(expected.binaryBlocks).toBe(2);
    const compressed = withCompressedTerms();
    expect(printedLiterals(compressed, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY)).toEqual(expected);
    expect(printedLiterals(compressed, 1, 1)).toEqual(expected);
    expect(printedLiterals(plain, 1, 1)).toEqual(expected);
  });

  it('frees every block it made when released before decoding all', () => {
    const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 1 << 28 });
    const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS);
    const beam = readBeam(withCompressedTerms());
    const before = arena.stats().bytesInUse;
    const builder = new LiteralAreaBuilder(loader, beam.literals, beam.chunk('LitT'), beam.chunk('Attr'), beam.chunk('CInf'));
    builder.measureSome(Number.POSITIVE_INFINITY);
    builder.allocate();
    builder.decodeSome(1);
    expect(arena.stats().bytesInUse).toBeGreaterThan(before);
    builder.releaseAll();
    expect(arena.stats().bytesInUse).toBe(before);
  });
});
