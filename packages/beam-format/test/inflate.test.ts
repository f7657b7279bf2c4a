import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { deflate } from '../src/deflate.js';
import { BeamFormatError } from '../src/errors.js';
import { gunzip, inflate } from '../src/inflate.js';
import { defaultZlibEngine, findNodeZlib, nodeZlib, type ZlibEngine } from '../src/zlib-engine.js';

function sample(size: number): Uint8Array {
  const data = new Uint8Array(size);
  let seed = 12345;
  for (let i = 0; i < size; i++) {
    seed = (seed * 1103515245 + 12345) >>> 0;
    // Mostly repetitive with some noise, like a literal table.
    data[i] = i % 7 === 0 ? seed >>> 24 : i & 0x3f;
  }
  return data;
}

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(BeamFormatError);
    return (error as BeamFormatError).code;
  }
  return 'no error';
}

describe('zlib engine detection', () => {
  it('finds node:zlib on Node and uses it by default', () => {
    expect(nodeZlib()).toBeDefined();
    expect(defaultZlibEngine()).toBe('node');
  });

  it('finds nothing on a host without process.getBuiltinModule (a browser), so pako is used there', () => {
    expect(findNodeZlib(undefined)).toBeUndefined();
    expect(findNodeZlib({})).toBeUndefined();
    expect(findNodeZlib({ getBuiltinModule: () => undefined })).toBeUndefined();
    expect(
      findNodeZlib({
        getBuiltinModule: () => {
          throw new Error('no such module');
        },
      }),
    ).toBeUndefined();
    expect(findNodeZlib(process)).toBe(nodeZlib());
  });
});

describe.each<ZlibEngine>(['node', 'pako'])('inflate with %s', (engine) => {
  it('inflates a zlib stream to exactly the claimed size', () => {
    for (const size of [0, 1, 1000, 3_000_000]) {
      const data = sample(size);
      const output = inflate(deflate(data), size, { maxBytes: 1 << 24, engine });
      expect(output.length).toBe(size);
      expect(Buffer.compare(Buffer.from(output), Buffer.from(data))).toBe(0);
    }
  });

  it('refuses a claimed size above the limit before inflating', () => {
    const started = performance.now();
    expect(codeOf(() => inflate(Uint8Array.of(0x78, 0x9c), 0xffffffff, { maxBytes: 1 << 20, engine, baseOffset: 40 }))).toBe(
      'limit_exceeded',
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stops a stream that inflates past the limit (a zip bomb) without building it', () => {
    const bomb = deflate(new Uint8Array(64 * 1024 * 1024), 9);
    expect(bomb.length).toBeLessThan(100_000);
    expect(codeOf(() => inflate(bomb, undefined, { maxBytes: 1 << 20, engine }))).toBe('limit_exceeded');
    // A claim that is smaller than what the stream really holds.
    expect(codeOf(() => inflate(bomb, 1000, { maxBytes: 1 << 30, engine }))).toBe('limit_exceeded');
  });

  it('reports a stream shorter than claimed, truncated or corrupt data', () => {
    const data = sample(5000);
    const packed = deflate(data);
    expect(codeOf(() => inflate(packed, 5001, { maxBytes: 1 << 20, engine }))).toBe('inflate_failed');
    expect(codeOf(() => inflate(packed.subarray(0, packed.length - 10), 5000, { maxBytes: 1 << 20, engine }))).toBe(
      'inflate_failed',
    );
    const corrupt = packed.slice();
    corrupt[0] = 0x12;
    expect(codeOf(() => inflate(corrupt, 5000, { maxBytes: 1 << 20, engine }))).toBe('inflate_failed');
    try {
      inflate(corrupt, 5000, { maxBytes: 1 << 20, engine, baseOffset: 77, chunk: 'LitT' });
    } catch (error) {
      expect((error as BeamFormatError).offset).toBe(77);
      expect((error as BeamFormatError).chunk).toBe('LitT');
    }
  });

  it('gunzips, bounded by maxBytes', () => {
    const data = sample(200_000);
    const gz = gzipSync(data);
    expect(Buffer.compare(Buffer.from(gunzip(gz, { maxBytes: 1 << 20, engine })), Buffer.from(data))).toBe(0);
    expect(codeOf(() => gunzip(gz, { maxBytes: 100_000, engine }))).toBe('limit_exceeded');
    expect(codeOf(() => gunzip(deflate(data), { maxBytes: 1 << 20, engine }))).toBe('bad_magic');
    expect(codeOf(() => gunzip(gz.subarray(0, 1000), { maxBytes: 1 << 20, engine }))).toBe('inflate_failed');
  });
});

describe('deflate', () => {
  it('produces the bytes OTP 25 writes for term_to_binary(lists:duplicate(100, 0), [compressed])', () => {
    const inner = Uint8Array.from([107, 0, 100, ...new Array(100).fill(0)]);
    expect([...deflate(inner)]).toEqual([120, 156, 203, 102, 72, 97, 160, 3, 0, 0, 82, 232, 0, 208]);
  });
});
