import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Arena, AtomTable } from '@beamload/terms';
import { AppendOnlyTable, LoadError, Loader, NO_BIFS } from '../src/index.js';

const fixture = (release: string, module: string) =>
  new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'otp-forms', `build-${release}`, `${module}.beam`)));

function loaderWithExportCapacity(exportTableCapacity?: number) {
  const arena = Arena.create({ initialBytes: 4 << 20, maxBytes: 1 << 30 });
  const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS, { exportTableCapacity });
  return { arena, loader };
}

/** Bytes the loader's own blocks hold: code instances, literal areas, refc binary data. */
function instanceBytes(arena: Arena): number {
  const byKind = arena.stats().bytesInUseByKind;
  return byKind.code + byKind.literal + byKind.other;
}

describe('a full export table', () => {
  it('refuses a prepare with system_limit before creating any of its entries', () => {
    const bytes = fixture('default', 'lf_control');
    // How many entries the module needs: its exports and the functions it calls.
    const sized = loaderWithExportCapacity();
    sized.loader.prepare(bytes);
    const needed = sized.loader.tables.exports.count;
    expect(needed).toBeGreaterThan(2);

    const { arena, loader } = loaderWithExportCapacity(needed - 1);
    const before = instanceBytes(arena);
    let error: unknown;
    try {
      loader.prepare(bytes);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).code).toBe('system_limit');
    // Nothing is left behind: no entry (the table had room for all but one), no block.
    expect(loader.tables.exports.count).toBe(0);
    expect(instanceBytes(arena)).toBe(before);
    expect(loader.loadedModules()).toEqual([]);
    expect(loader.tables.modules.count).toBe(0);

    // With room for exactly what it needs, the same module loads.
    const fits = loaderWithExportCapacity(needed);
    const prepared = fits.loader.prepare(bytes);
    fits.loader.install(prepared, fits.loader.activeIndex());
    expect(fits.loader.tables.exports.count).toBe(needed);
  });

  it('insertAll is all or none, and counts a key given twice once', () => {
    const arena = Arena.create({ initialBytes: 1 << 20, maxBytes: 1 << 28 });
    const table = AppendOnlyTable.create(arena, 2, 1, 4);
    const initialized: number[] = [];
    const init = (index: number) => initialized.push(index);
    expect(table.insertAll([[10], [11]], init)).toEqual([0, 1]);
    // 3 new keys (12, 13, 14) and one that exists: one too many, nothing inserted.
    expect(() => table.insertAll([[11], [12], [13], [14]], init)).toThrow(LoadError);
    expect(table.count).toBe(2);
    expect(table.lookup([12])).toBe(-1);
    // 2 new keys, one of them twice: fits exactly.
    expect(table.insertAll([[12], [11], [13], [12]], init)).toEqual([2, 1, 3, 2]);
    expect(table.count).toBe(4);
    expect(initialized).toEqual([0, 1, 0, 2]);
    expect(() => table.insert([15], () => {})).toThrow(/table full/);
  });
});
