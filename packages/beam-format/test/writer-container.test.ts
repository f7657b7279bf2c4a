import { describe, expect, it } from 'vitest';
import { readContainer } from '../src/container.js';
import { BeamFormatError } from '../src/errors.js';
import { rewriteBeam, writeBeam } from '../src/writer/container.js';

const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

describe('writeBeam', () => {
  it('lays out FOR1, FormSize, BEAM and zero-padded chunks', () => {
    const bytes = writeBeam([
      { id: 'AtU8', data: Uint8Array.of(1, 2, 3, 4, 5) },
      { id: 'StrT', data: new Uint8Array(0) },
    ]);
    expect([...bytes]).toEqual([
      ...ascii('FOR1'), 0, 0, 0, 28, ...ascii('BEAM'),
      ...ascii('AtU8'), 0, 0, 0, 5, 1, 2, 3, 4, 5, 0, 0, 0,
      ...ascii('StrT'), 0, 0, 0, 0,
    ]);
    expect(readContainer(bytes).chunks.map((c) => c.id)).toEqual(['AtU8', 'StrT']);
  });

  it('gzips like erlc +compressed, and the reader inflates it back', () => {
    const plain = writeBeam([{ id: 'Code', data: new Uint8Array(100).fill(7) }]);
    const gz = writeBeam([{ id: 'Code', data: new Uint8Array(100).fill(7) }], { gzip: true });
    expect([...gz.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    const container = readContainer(gz);
    expect(container.gzipped).toBe(true);
    expect([...container.bytes]).toEqual([...plain]);
  });

  it('refuses a chunk id that is not 4 printable characters', () => {
    expect(() => writeBeam([{ id: 'Cod', data: new Uint8Array(0) }])).toThrow(BeamFormatError);
  });
});

describe('rewriteBeam', () => {
  // A container with non-zero padding, a last chunk without padding and bytes after the form.
  const odd = Uint8Array.from([
    ...ascii('FOR1'), 0, 0, 0, 27, ...ascii('BEAM'),
    ...ascii('AtU8'), 0, 0, 0, 1, 9, 0xaa, 0xbb, 0xcc,
    ...ascii('LitT'), 0, 0, 0, 3, 1, 2, 3,
    0xde, 0xad,
  ]);

  it('keeps stored padding, a missing last padding and trailing bytes: byte-identical', () => {
    expect([...rewriteBeam(readContainer(odd))]).toEqual([...odd]);
  });

  it('replaces, drops and appends chunks, recomputing FormSize', () => {
    const changed = rewriteBeam(readContainer(odd), { LitT: Uint8Array.of(4), Meta: Uint8Array.of(5, 6), AtU8: null });
    const container = readContainer(changed);
    expect(container.chunks.map((c) => [c.id, [...c.data]])).toEqual([
      ['LitT', [4]],
      ['Meta', [5, 6]],
    ]);
    expect(container.formSize).toBe(4 + 12 + 12);
    expect(new DataView(changed.buffer).getUint32(4)).toBe(changed.length - 2 - 8);
    expect([...changed.subarray(changed.length - 2)]).toEqual([0xde, 0xad]);
  });
});
