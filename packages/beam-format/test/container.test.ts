import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readContainer } from '../src/container.js';
import { BeamFormatError } from '../src/errors.js';
import { ascii, beamBytes, u32 } from './helpers/bytes.js';

function error(action: () => unknown): BeamFormatError {
  try {
    action();
  } catch (caught) {
    expect(caught).toBeInstanceOf(BeamFormatError);
    return caught as BeamFormatError;
  }
  throw new Error('expected a BeamFormatError');
}

describe('FOR1/BEAM container', () => {
  it('lists chunks in file order with offsets, sizes and padding skipped', () => {
    const bytes = beamBytes([
      { id: 'AtU8', data: [1, 2, 3, 4, 5] },
      { id: 'StrT', data: [] },
      { id: 'Xyzw', data: [9] },
    ]);
    const container = readContainer(bytes);
    expect(container.gzipped).toBe(false);
    expect(container.formSize).toBe(bytes.length - 8);
    expect(container.chunks.map((chunk) => [chunk.id, chunk.headerOffset, chunk.dataOffset, chunk.size])).toEqual([
      ['AtU8', 12, 20, 5],
      ['StrT', 28, 36, 0],
      ['Xyzw', 36, 44, 1],
    ]);
    expect(Array.from(container.chunks[0]!.data)).toEqual([1, 2, 3, 4, 5]);
    expect(Array.from(container.chunks[2]!.data)).toEqual([9]);
  });

  it('ignores bytes after the form, as ERTS does', () => {
    const bytes = beamBytes([{ id: 'StrT', data: [1, 2, 3, 4] }]);
    const container = readContainer(new Uint8Array([...bytes, 0xde, 0xad]));
    expect(container.chunks).toHaveLength(1);
  });

  it('accepts a last chunk whose padding is missing', () => {
    const bytes = beamBytes([{ id: 'StrT', data: [1] }]);
    const trimmed = new Uint8Array([...bytes.subarray(0, bytes.length - 3)]);
    new DataView(trimmed.buffer).setUint32(4, trimmed.length - 8);
    expect(readContainer(trimmed).chunks[0]!.size).toBe(1);
  });

  it('inflates a gzip-compressed file first', () => {
    const bytes = beamBytes([{ id: 'StrT', data: [7, 7] }]);
    const container = readContainer(new Uint8Array(gzipSync(bytes)));
    expect(container.gzipped).toBe(true);
    expect(Array.from(container.chunks[0]!.data)).toEqual([7, 7]);
  });

  it('refuses what is not a BEAM file', () => {
    expect(error(() => readContainer(new Uint8Array(ascii('hello world, not beam')))).code).toBe('bad_magic');
    expect(error(() => readContainer(new Uint8Array([...ascii('FOR1'), ...u32(4), ...ascii('AIFF')])))).toMatchObject({
      code: 'bad_magic',
      offset: 8,
    });
    expect(error(() => readContainer(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).code).toMatch(/inflate_failed|truncated/);
  });

  it('refuses a form that claims more bytes than the file has', () => {
    const bytes = beamBytes([{ id: 'StrT', data: [1, 2, 3, 4] }]);
    expect(error(() => readContainer(bytes.subarray(0, bytes.length - 4)))).toMatchObject({ code: 'truncated', offset: 4 });
  });

  it('refuses a chunk that runs past the form, naming the chunk', () => {
    const bytes = beamBytes([{ id: 'Code', data: [1, 2, 3, 4] }]);
    new DataView(bytes.buffer).setUint32(16, 400);
    expect(error(() => readContainer(bytes))).toMatchObject({ code: 'truncated', offset: 16, chunk: 'Code' });
  });

  it('refuses a half chunk header at the end of the form', () => {
    const bytes = new Uint8Array([...ascii('FOR1'), ...u32(8), ...ascii('BEAM'), ...ascii('Co')]);
    new DataView(bytes.buffer).setUint32(4, bytes.length - 8);
    expect(error(() => readContainer(bytes))).toMatchObject({ code: 'truncated', offset: 12 });
  });

  it('reports a file shorter than the header as truncated', () => {
    expect(error(() => readContainer(new Uint8Array(ascii('FOR1'))))).toMatchObject({ code: 'truncated' });
    expect(error(() => readContainer(new Uint8Array(0)))).toMatchObject({ code: 'truncated' });
  });
});
