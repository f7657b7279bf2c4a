import { describe, expect, it } from 'vitest';
import { Arena, AtomTable } from '@beamload/terms';
import { Loader, NO_BIFS } from '../src/index.js';
import { ModuleVersions } from '../src/testkit/index.js';

describe('prepare + install of the testkit modules', () => {
  it('prepares, installs into the active index, and exports point at the code', () => {
    const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 1 << 28 });
    const atoms = AtomTable.create(arena);
    const loader = Loader.create(arena, atoms, NO_BIFS);
    const versions = new ModuleVersions();
    for (const module of ['tk_alpha', 'tk_beta', 'tk_gamma', 'tk_onload'] as const) {
      const prepared = loader.prepare(versions.bytes(module, 3));
      expect(prepared.module).toBe(module);
      const onLoad = loader.install(prepared, loader.activeIndex());
      expect(onLoad).toBe(module === 'tk_onload');
    }
    const target = loader.resolveCall('tk_alpha', 'version', 0);
    expect(target.address).toBeGreaterThan(0);
    expect(loader.moduleLoaded('tk_onload')).toBe(false);
    expect(() => loader.resolveCall('tk_alpha', 'nope', 0)).toThrow(/undef/);
  });
});

describe('prepare of other container forms', () => {
  it('loads a gzip-compressed .beam (erlc +compressed) and gives the same MD5 as the plain file', async () => {
    const { gzipSync } = await import('node:zlib');
    const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 1 << 28 });
    const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS);
    const plain = new ModuleVersions().bytes('tk_beta', 4);
    const gzipped = new Uint8Array(gzipSync(plain));
    const fromGzip = loader.prepare(gzipped);
    const fromPlain = loader.prepare(plain);
    expect(fromGzip.md5).toEqual(fromPlain.md5);
    expect(fromGzip.codeWords).toBe(fromPlain.codeWords);
    loader.discard(fromGzip);
    loader.discard(fromPlain);
  });
});

describe('literal blocks of an instance', () => {
  it('integers of the code too big for a small get their own literal blocks, listed with the literal area', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 1 << 28 });
    const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS);
    const bytes = new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'otp-forms', 'build-default', 'lf_data.beam')));
    const prepared = loader.prepare(bytes);
    const instance = loader.instance(prepared.instance);
    expect(instance.extraLiteralBlocks().length).toBeGreaterThan(0);
    const ranges = instance.literalRanges();
    expect(ranges.length).toBe(1 + instance.extraLiteralBlocks().length);
    for (const [start, end] of ranges) {
      expect(end).toBeGreaterThan(start);
      expect(instance.referencesLiteral(start)).toBe(true);
      expect(instance.referencesLiteral(end + 1_000_000)).toBe(false);
    }
    const before = arena.stats().bytesInUse;
    loader.discard(prepared);
    expect(arena.stats().bytesInUse).toBeLessThan(before);
  });
});
