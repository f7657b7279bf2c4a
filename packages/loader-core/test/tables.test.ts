import { describe, expect, it } from 'vitest';
import { Arena, AtomTable } from '@beamload/terms';
import { Loader, NO_BIFS, NOT_LOADED, MODULE_CURRENT } from '../src/index.js';

function makeLoader() {
  const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 1 << 28 });
  const atoms = AtomTable.create(arena);
  const loader = Loader.create(arena, atoms, NO_BIFS);
  return { arena, atoms, loader };
}

describe('export table', () => {
  it('creates entries on demand, finds them lock-free, keeps their address when it grows', () => {
    const { loader } = makeLoader();
    const exports = loader.tables.exports;
    const first = exports.put(loader.atomWord('m'), loader.atomWord('f'), 1, -1);
    const address = exports.entryAddress(first);
    const created: number[] = [];
    for (let i = 0; i < 5000; i++) created.push(exports.put(loader.atomWord(`m${i % 37}`), loader.atomWord(`f${i}`), i % 5, -1));
    expect(exports.count).toBe(5001);
    expect(exports.entryAddress(first)).toBe(address);
    expect(exports.lookup(loader.atomWord('m'), loader.atomWord('f'), 1)).toBe(first);
    expect(exports.put(loader.atomWord('m'), loader.atomWord('f'), 1, -1)).toBe(first);
    for (let i = 0; i < 5000; i++) {
      expect(exports.lookup(loader.atomWord(`m${i % 37}`), loader.atomWord(`f${i}`), i % 5)).toBe(created[i]);
    }
    expect(exports.lookup(loader.atomWord('m'), loader.atomWord('f'), 2)).toBe(-1);
    expect(exports.address(first, 0)).toBe(NOT_LOADED);
  });

  it('a second thread view (attach) sees the same tables', () => {
    const { arena, atoms, loader } = makeLoader();
    const entry = loader.tables.exports.put(loader.atomWord('a'), loader.atomWord('b'), 0, 7);
    const other = Loader.attach(arena, loader.root, atoms, NO_BIFS);
    expect(other.tables.exports.lookup(other.atomWord('a'), other.atomWord('b'), 0)).toBe(entry);
    expect(other.tables.exports.bif(entry)).toBe(7);
  });
});

describe('code index', () => {
  it('staging copies active, commit flips with one store and rotates staging, abort drops the staging', () => {
    const { loader } = makeLoader();
    const tables = loader.tables;
    const entry = tables.exports.put(loader.atomWord('m'), loader.atomWord('f'), 0, -1);
    const module = tables.modules.put(loader.atomWord('m'));
    expect(tables.activeIndex()).toBe(0);
    const staging = tables.startStaging();
    expect(staging).toBe(1);
    expect(() => tables.startStaging()).toThrow(/already open/);
    tables.exports.setAddress(entry, staging, 1234);
    tables.modules.set(module, MODULE_CURRENT, staging, 99);
    expect(tables.exports.address(entry, tables.activeIndex())).toBe(NOT_LOADED);
    tables.commitStaging();
    expect(tables.activeIndex()).toBe(1);
    expect(tables.stagingIndex()).toBe(2);
    expect(tables.exports.address(entry, tables.activeIndex())).toBe(1234);

    const next = tables.startStaging();
    expect(next).toBe(2);
    expect(tables.exports.address(entry, next)).toBe(1234);
    expect(tables.modules.get(module, MODULE_CURRENT, next)).toBe(99);
    tables.exports.setAddress(entry, next, 5678);
    tables.abortStaging();
    expect(tables.activeIndex()).toBe(1);
    expect(tables.exports.address(entry, tables.activeIndex())).toBe(1234);
    expect(() => tables.commitStaging()).toThrow(/without an open staging/);
    // Three commits bring the active index back to 0.
    for (let i = 0; i < 2; i++) {
      tables.startStaging();
      tables.commitStaging();
    }
    expect(tables.activeIndex()).toBe(0);
    expect(tables.exports.address(entry, 0)).toBe(1234);
  });
});

describe('abort', () => {
  it('an aborted staging names no instance, so its modules can be discarded', async () => {
    const { ModuleVersions } = await import('../src/testkit/index.js');
    const { loader, arena } = makeLoader();
    const versions = new ModuleVersions();
    const installed = loader.prepare(versions.bytes('tk_alpha', 1));
    loader.install(installed, loader.activeIndex());
    const before = arena.stats().bytesInUse;
    const next = loader.prepare(versions.bytes('tk_alpha', 2));
    const staging = loader.startStaging();
    loader.installAll([next], staging);
    expect(() => loader.discard(next)).toThrow(/installed/);
    loader.abortStaging();
    expect(loader.status('tk_alpha', staging).current).toBe(installed.instance);
    loader.discard(next);
    expect(arena.stats().bytesInUse).toBe(before);
    expect(() => loader.discard(installed)).toThrow(/installed/);
  });
});

describe('freeInstance', () => {
  it('refuses an instance the active code index still names', async () => {
    const { ModuleVersions } = await import('../src/testkit/index.js');
    const { loader } = makeLoader();
    const prepared = loader.prepare(new ModuleVersions().bytes('tk_gamma', 1));
    loader.install(prepared, loader.activeIndex());
    expect(() => loader.freeInstance(prepared.instance)).toThrow(/still in the active code index/);
    expect(loader.moduleLoaded('tk_gamma')).toBe(true);
  });
});
