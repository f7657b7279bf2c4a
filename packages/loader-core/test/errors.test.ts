import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Arena, AtomTable } from '@beamload/terms';
import { CODE_POISON_WORD, LoadError, Loader, NO_BIFS, deleteModule, purgeModule, type BifRegistry } from '../src/index.js';
import { ModuleVersions, SeededRandom, createSimulatedLoaderSystem } from '../src/testkit/index.js';
import { ErlBitstring, ErlFloat, ErlMap, ErlTuple, atom, buildLiteralModule, readBeam, writeModule } from '@beamload/beam-format';
import { referenceEpoch } from './reference-strategies.js';

function freshLoader(bifs: BifRegistry = NO_BIFS) {
  const arena = Arena.create({ initialBytes: 4 << 20, maxBytes: 1 << 30 });
  const atoms = AtomTable.create(arena);
  return { arena, loader: Loader.create(arena, atoms, bifs, { poisonFreedCode: true }) };
}

/** Bytes the loader's own blocks hold: code instances, literal areas, refc binary data. */
function instanceBytes(arena: Arena): number {
  const byKind = arena.stats().bytesInUseByKind;
  return byKind.code + byKind.literal + byKind.other;
}

function expectLoadError(run: () => unknown, code: string): LoadError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LoadError);
    expect((error as LoadError).code).toBe(code);
    return error as LoadError;
  }
  throw new Error(`expected LoadError ${code}, nothing was thrown`);
}

const fixture = (release: string, module: string) =>
  new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'otp-forms', `build-${release}`, `${module}.beam`)));

describe('bad files', () => {
  it('a fuzzed file is badfile with a reason and leaves nothing behind', () => {
    const { arena, loader } = freshLoader();
    const versions = new ModuleVersions();
    const originals = [
      versions.bytes('tk_alpha', 1),
      versions.bytes('tk_gamma', 1),
      fixture('default', 'lf_binary'),
      fixture('r22', 'lf_control'),
      fixture('r24', 'lf_data'),
    ];
    const random = new SeededRandom(42);
    const baseline = instanceBytes(arena);
    let badfiles = 0;
    let harmless = 0;
    for (let round = 0; round < 600; round++) {
      const original = random.pick(originals);
      const bytes = original.slice();
      const mutation = round % 4;
      if (mutation === 0) {
        // Flip a few random bytes anywhere.
        for (let i = random.int(1, 4); i > 0; i--) bytes[random.int(0, bytes.length - 1)] ^= random.int(1, 255);
      } else if (mutation === 1) {
        // Truncate.
        const cut = bytes.subarray(0, random.int(0, bytes.length - 1));
        bytes.set(cut);
        const truncated = bytes.slice(0, cut.length);
        badfiles += tryPrepare(loader, truncated) ? 0 : 1;
        expect(instanceBytes(arena)).toBe(baseline);
        continue;
      } else if (mutation === 2) {
        // Corrupt a chunk size word (chunks start at 12; sizes are the 4 bytes after each id).
        const at = 16 + 4 * random.int(0, Math.floor((bytes.length - 20) / 4));
        bytes[at] = random.int(0, 255);
      } else {
        // Overwrite a run with garbage inside the Code or LitT area.
        const start = random.int(12, bytes.length - 8);
        for (let i = 0; i < 8; i++) bytes[start + i] = random.int(0, 255);
      }
      if (tryPrepare(loader, bytes)) harmless++;
      else badfiles++;
      expect(instanceBytes(arena)).toBe(baseline);
      expect(loader.tables.liveInstances()).toBe(0);
      expect(loader.tables.modules.count).toBe(0);
    }
    expect(badfiles).toBeGreaterThan(300);
    expect(badfiles + harmless).toBe(600);
  });

  it('fuzzed literals of a stored (OTP 28 style, uncompressed) LitT: badfile naming LitT at an offset inside it, nothing leaked', () => {
    const { arena, loader } = freshLoader();
    const entries = [
      new ErlTuple([1, new TextEncoder().encode('a binary literal that is longer than sixty-four bytes, so it is a refc one')]),
      [atom('a'), new ErlFloat(1.5), -12345678901234567890n],
      new ErlMap([[atom('k'), new ErlTuple([atom('v'), 2])]]),
      new ErlBitstring(new Uint8Array([0xff, 0x80]), 3),
      [116, 101, 120, 116],
    ].map((entry, i) => new ErlTuple([i, entry]));
    const bytes = buildLiteralModule({ name: 'fuzz_literals', entries, version: 1 }, { compressedLiterals: false });
    const text = new TextDecoder('latin1').decode(bytes);
    const litT = text.indexOf('LitT');
    const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(litT + 4);
    const baseline = instanceBytes(arena);
    const random = new SeededRandom(3);
    let badfiles = 0;
    for (let round = 0; round < 400; round++) {
      const mutated = bytes.slice();
      for (let i = random.int(1, 3); i > 0; i--) mutated[litT + 8 + random.int(4, size - 1)] = random.int(0, 255);
      try {
        loader.discard(loader.prepare(mutated));
      } catch (error) {
        expect(error).toBeInstanceOf(LoadError);
        const loadError = error as LoadError;
        expect(loadError.code).toBe('badfile');
        if (loadError.chunk === 'LitT') {
          expect(loadError.offset).toBeGreaterThanOrEqual(litT + 8);
          expect(loadError.offset).toBeLessThanOrEqual(litT + 8 + size);
        }
        badfiles++;
      }
      expect(instanceBytes(arena)).toBe(baseline);
    }
    expect(badfiles).toBeGreaterThan(100);
  });

  it('a literal that runs past its entry into the next one is a corrupt table (as ERTS says), though every byte is inside LitT', () => {
    const { arena, loader } = freshLoader();
    const original = fixture('default', 'lf_control');
    // One entry more than the code refers to, so that entry 0 is followed by another.
    const count = readBeam(original).literals!.count + 1;
    // Entry 0 is [131, 97]: SMALL_INTEGER_EXT without its byte. Read on, the byte would be
    // the first of entry 1's size word (0), a valid integer 0; erl refuses this table.
    const entries = Array.from({ length: count }, (_, index) => ({ etf: new Uint8Array(index === 0 ? [131, 97] : [131, 106]) }));
    const corrupt = writeModule(readBeam(original), { literals: entries });
    const baseline = instanceBytes(arena);
    const error = expectLoadError(() => loader.prepare(corrupt), 'badfile');
    expect(error.chunk).toBe('LitT');
    // The missing byte in the inflated table: count (4), size (4), 131, 97.
    expect(error.message).toMatch(/literal 0 \(inflated table\) at byte 10 of it: truncated/);
    const litT = new TextDecoder('latin1').decode(corrupt).indexOf('LitT');
    // The zlib stream: chunk header (8), uncompressed size (4).
    expect(error.offset).toBe(litT + 8 + 4);
    expect(instanceBytes(arena)).toBe(baseline);
    // The same entry with its byte is a good table.
    const good = writeModule(readBeam(original), { literals: entries.map((entry, index) => (index === 0 ? { etf: new Uint8Array([131, 97, 0]) } : entry)) });
    loader.discard(loader.prepare(good));
  });

  it('refuses what ERTS refuses outside the code: Attr or CInf that is not one ETF term, a corrupt Type table (checked with erl on the same changes)', () => {
    const { arena, loader } = freshLoader();
    const original = fixture('default', 'lf_binary');
    const at = (id: string) => new TextDecoder('latin1').decode(original).indexOf(id);
    const baseline = instanceBytes(arena);
    const refused = (change: (bytes: Uint8Array) => void, chunk: string, offset: number | null, message: RegExp) => {
      const bytes = original.slice();
      change(bytes);
      const error = expectLoadError(() => loader.prepare(bytes), 'badfile');
      expect(error.chunk).toBe(chunk);
      if (offset !== null) expect(error.offset).toBe(offset);
      else expect(error.offset).toBeGreaterThanOrEqual(at(chunk));
      expect(error.message).toMatch(message);
      expect(instanceBytes(arena)).toBe(baseline);
    };
    // A chunk's data starts 8 bytes after its id; an ETF term starts with 131.
    refused((bytes) => (bytes[at('Attr') + 8] = 0), 'Attr', at('Attr') + 8, /module attributes.*version byte 131/);
    refused((bytes) => (bytes[at('CInf') + 8] = 0), 'CInf', at('CInf') + 8, /compilation information.*version byte 131/);
    // Type v1: u32 version, u32 count, then 18-byte entries (u16 bits, i64 min, i64 max).
    const entry = (index: number) => at('Type') + 8 + 8 + 18 * index;
    refused((bytes) => (bytes[entry(0)] = 0), 'Type', entry(0), /entry 0 is not "any"/);
    refused((bytes) => bytes.fill(0, entry(1), entry(1) + 2), 'Type', entry(1), /entry 1 has no type bits/);
    // One entry more than the chunk holds.
    refused((bytes) => (bytes[at('Type') + 8 + 4 + 3] += 1), 'Type', null, /types/);
    // What ERTS 25 lets through, so do we: unknown bits beside known ones.
    const extraBit = original.slice();
    extraBit[entry(1)] |= 0x20;
    loader.discard(loader.prepare(extraBit));
  });

  it('names the chunk and offset of a corrupt literal table', () => {
    const { loader } = freshLoader();
    const bytes = new ModuleVersions().bytes('tk_alpha', 1).slice();
    const text = new TextDecoder('latin1').decode(bytes);
    const litT = text.indexOf('LitT');
    // The zlib stream starts 12 bytes after the id (id, size, uncompressed size).
    for (let i = litT + 14; i < litT + 30; i++) bytes[i] ^= 0x5a;
    const error = expectLoadError(() => loader.prepare(bytes), 'badfile');
    expect(error.chunk).toBe('LitT');
    expect(error.offset).toBeGreaterThanOrEqual(litT);
  });

  it('refuses counts the transform would obey: a lambda claiming 16 million free variables, a label count beyond the chunk', () => {
    const { loader } = freshLoader();
    const original = fixture('default', 'lf_control');
    const text = new TextDecoder('latin1').decode(original);
    const funT = text.indexOf('FunT');
    const withFrees = original.slice();
    // FunT data: u32 count, then 24-byte entries; num_free is the 5th u32 of an entry.
    withFrees[funT + 8 + 4 + 16 + 1] = 0xff;
    const frees = expectLoadError(() => loader.prepare(withFrees), 'badfile');
    expect(frees.chunk).toBe('FunT');
    const code = text.indexOf('Code');
    const withLabels = original.slice();
    // Code data: u32 header size, u32 format, u32 max opcode, u32 label count.
    withLabels[code + 8 + 12] = 0x7f;
    const labels = expectLoadError(() => loader.prepare(withLabels), 'badfile');
    expect(labels.chunk).toBe('Code');
    expect(labels.message).toMatch(/labels/);
  });

  it('a file the transform refuses at its very end enters nothing in the export table', () => {
    const { arena, loader } = freshLoader();
    const bytes = fixture('default', 'lf_control').slice();
    const text = new TextDecoder('latin1').decode(bytes);
    const code = text.indexOf('Code');
    const size = new DataView(bytes.buffer, bytes.byteOffset).getUint32(code + 4);
    const last = code + 8 + size - 1;
    expect(bytes[last]).toBe(3); // int_code_end
    bytes[last] = 19; // return: every call is transformed, then the missing int_code_end refuses the file
    const baseline = instanceBytes(arena);
    const error = expectLoadError(() => loader.prepare(bytes), 'badfile');
    expect(error.message).toMatch(/int_code_end/);
    expect(loader.tables.exports.count).toBe(0);
    expect(instanceBytes(arena)).toBe(baseline);
    // The same file intact does enter its imports and exports.
    loader.discard(loader.prepare(fixture('default', 'lf_control')));
    expect(loader.tables.exports.count).toBeGreaterThan(0);
  });

  it('refuses a file that is not the module asked for', () => {
    const { loader } = freshLoader();
    const error = expectLoadError(() => loader.prepare(new ModuleVersions().bytes('tk_alpha', 1), { module: 'tk_beta' }), 'badfile');
    expect(error.message).toMatch(/tk_alpha, not tk_beta/);
  });
});

/** Prepares (and discards) `bytes`; a refusal must be a badfile that entered no export entry. */
function tryPrepare(loader: Loader, bytes: Uint8Array): boolean {
  const exportsBefore = loader.tables.exports.count;
  try {
    const prepared = loader.prepare(bytes);
    loader.discard(prepared);
    return true;
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    expect(error.code).toBe('badfile');
    expect(error.message.length).toBeGreaterThan(10);
    expect(loader.tables.exports.count).toBe(exportsBefore);
    return false;
  }
}

describe('install refusals change nothing', () => {
  it('not_purged, duplicated, on_load_not_allowed, pending_on_load', () => {
    const { arena, loader } = freshLoader();
    const versions = new ModuleVersions();
    const ix = loader.activeIndex();
    loader.install(loader.prepare(versions.bytes('tk_gamma', 1)), ix);
    loader.install(loader.prepare(versions.bytes('tk_gamma', 2)), ix);
    const third = loader.prepare(versions.bytes('tk_gamma', 3));
    const before = JSON.stringify([loader.status('tk_gamma'), instanceBytes(arena)]);
    const notPurged = expectLoadError(() => loader.install(third, ix), 'not_purged');
    expect(notPurged.modules).toEqual(['tk_gamma']);
    expect(JSON.stringify([loader.status('tk_gamma'), instanceBytes(arena)])).toBe(before);

    const a1 = loader.prepare(versions.bytes('tk_alpha', 1));
    const a2 = loader.prepare(versions.bytes('tk_alpha', 2));
    expect(expectLoadError(() => loader.installAll([a1, a2], ix), 'duplicated').modules).toEqual(['tk_alpha']);
    expect(loader.status('tk_alpha').current).toBe(0);

    const onLoad = loader.prepare(versions.bytes('tk_onload', 1));
    expect(expectLoadError(() => loader.installAll([onLoad, a1], ix), 'on_load_not_allowed').modules).toEqual(['tk_onload']);
    // Mixed failures: the not_purged module is named even when the others are fine.
    expect(expectLoadError(() => loader.installAll([a1, third], ix), 'not_purged').modules).toEqual(['tk_gamma']);
    expect(loader.status('tk_alpha').current).toBe(0);

    // An on_load module is parked, not current, and blocks a second load until it finishes.
    expect(loader.install(onLoad, ix)).toBe(true);
    expect(loader.moduleLoaded('tk_onload')).toBe(false);
    expectLoadError(() => loader.install(loader.prepare(versions.bytes('tk_onload', 2)), ix), 'pending_on_load');
    expectLoadError(() => loader.resolveCall('tk_onload', 'version', 0), 'undef');
    loader.finishOnLoad('tk_onload', true, ix);
    expect(loader.moduleLoaded('tk_onload')).toBe(true);
    expect(loader.resolveCall('tk_onload', 'version', 0).address).toBeGreaterThan(0);

    for (const prepared of [third, a1, a2]) loader.discard(prepared);
  });
});

describe('undef, delete_module, BIF routing', () => {
  it('a call to a function that is not loaded raises undef; a BIF never does', () => {
    const bifs: BifRegistry = { bifNumber: (m, f, a) => (m === 'lists' && f === 'reverse' && a === 2 ? 17 : -1) };
    const { loader } = freshLoader(bifs);
    expectLoadError(() => loader.resolveCall('tk_alpha', 'version', 0), 'undef');
    expect(loader.resolveCall('lists', 'reverse', 2)).toEqual({ address: 0, bif: 17 });
    const entry = loader.exportEntryAddress('lists', 'reverse', 2);
    expect(loader.tables.exports.bif(loader.tables.exports.lookup(loader.atomWord('lists'), loader.atomWord('reverse'), 2))).toBe(17);
    expect(entry).toBeGreaterThan(0);
    const ix = loader.activeIndex();
    loader.install(loader.prepare(new ModuleVersions().bytes('tk_alpha', 1)), ix);
    expect(loader.resolveCall('tk_alpha', 'version', 0).address).toBeGreaterThan(0);
    expectLoadError(() => loader.resolveCall('tk_alpha', 'version', 1), 'undef');
    loader.deleteModule('tk_alpha', ix);
    expectLoadError(() => loader.resolveCall('tk_alpha', 'version', 0), 'undef');
    expect(loader.checkOldCode('tk_alpha')).toBe(true);
    expectLoadError(() => loader.deleteModule('tk_alpha', ix), 'not_loaded');
    expectLoadError(() => loader.deleteModule('never_loaded', ix), 'not_loaded');
  });

  it('delete_module refuses while old code exists', () => {
    const { loader } = freshLoader();
    const versions = new ModuleVersions();
    const ix = loader.activeIndex();
    loader.install(loader.prepare(versions.bytes('tk_beta', 1)), ix);
    loader.install(loader.prepare(versions.bytes('tk_beta', 2)), ix);
    expectLoadError(() => loader.deleteModule('tk_beta', ix), 'not_purged');
    expect(loader.moduleLoaded('tk_beta')).toBe(true);
  });
});

describe('purge with lingering processes', () => {
  it('soft purge refuses and changes nothing; hard purge kills them, then frees the old code (poisoned)', () => {
    const { sim, loader, versions } = createSimulatedLoaderSystem({ seed: 7 });
    const load = (version: number) =>
      sim.run(referenceEpoch.loadModules(sim.context, [{ bytes: versions.bytes('tk_gamma', version) }]));
    expect(load(1).ok).toBe(true);
    expect(sim.lingerIn('tk_gamma', 3)).toBe(3);
    expect(load(2).ok).toBe(true);
    const old = loader.status('tk_gamma').old;
    expect(old).not.toBe(0);

    const alive = sim.aliveProcesses;
    const soft = sim.run(purgeModule(sim.context, 'tk_gamma', 'soft'));
    expect(soft).toEqual({ purged: false, lingering: 3 });
    expect(loader.status('tk_gamma').old).toBe(old);
    expect(loader.checkOldCode('tk_gamma')).toBe(true);
    expect(sim.aliveProcesses).toBe(alive);

    const view = loader.instance(old);
    const codeStart = view.codeArea;
    const codeWords = view.codeWords;
    const hard = sim.run(purgeModule(sim.context, 'tk_gamma', 'hard'));
    expect(hard).toEqual({ purged: true, killed: 3 });
    expect(loader.checkOldCode('tk_gamma')).toBe(false);
    // Poisoned: the allocator reuses a few words at both ends for its free lists.
    const middle = arenaWords(loader).subarray(codeStart + 4, codeStart + codeWords - 4);
    expect(middle.every((word) => word === CODE_POISON_WORD)).toBe(true);

    const none = sim.run(purgeModule(sim.context, 'tk_gamma', 'soft'));
    expect(none.purged).toBe(false);
    expect('error' in none && none.error.code).toBe('no_old_code');
    sim.idle(500);
    expect(sim.violations).toEqual([]);
  });

  it('delete_module through the system, then purge: the module is gone everywhere', () => {
    const { sim, loader, versions } = createSimulatedLoaderSystem({ seed: 9 });
    expect(sim.run(referenceEpoch.loadModules(sim.context, [{ bytes: versions.bytes('tk_beta', 1) }])).ok).toBe(true);
    expect(sim.run(deleteModule(sim.context, 'tk_beta'))).toEqual({ ok: true });
    expect(loader.moduleLoaded('tk_beta')).toBe(false);
    expect(sim.run(purgeModule(sim.context, 'tk_beta', 'hard')).purged).toBe(true);
    expect(loader.loadedModules()).not.toContain('tk_beta');
    sim.idle(300);
    expect(sim.violations).toEqual([]);
  });
});

function arenaWords(loader: Loader): Int32Array {
  return loader.arena.i32;
}

describe('reclamation', () => {
  it('1,000 load/purge cycles under fire leave the arena at its starting footprint', () => {
    const { sim, loader, versions, arena } = createSimulatedLoaderSystem({ seed: 11, processesPerScheduler: 2 });
    const cycle = (version: number) => {
      const result = sim.run(
        referenceEpoch.loadModules(sim.context, [{ bytes: versions.bytes('tk_alpha', version) }, { bytes: versions.bytes('tk_beta', version) }]),
      );
      expect(result.ok).toBe(true);
      for (const module of ['tk_alpha', 'tk_beta']) {
        const purge = sim.run(purgeModule(sim.context, module, 'hard'));
        if (version > 1) expect(purge.purged).toBe(true);
      }
    };
    // Warm-up: the first loads grow the export and module tables.
    let warmUpExtent = 0;
    for (let version = 1; version <= 4; version++) {
      cycle(version);
      warmUpExtent = Math.max(warmUpExtent, arena.stats().bytesUsedExtent);
    }
    const start = arena.stats();
    let highestExtent = 0;
    for (let version = 5; version < 1005; version++) {
      cycle(version);
      highestExtent = Math.max(highestExtent, arena.stats().bytesUsedExtent);
    }
    const end = arena.stats();
    expect(end.bytesInUse).toBe(start.bytesInUse);
    expect(end.bytesInUseByKind).toEqual(start.bytesInUseByKind);
    // Freed blocks are reused: the extent never passes what the warm-up reached (where
    // blocks land alternates between two layouts, a few hundred bytes apart).
    expect(highestExtent).toBeLessThanOrEqual(warmUpExtent);
    expect(end.bytesUsedExtent).toBeLessThanOrEqual(warmUpExtent);
    expect(loader.tables.liveInstances()).toBe(2);
    expect(sim.violations).toEqual([]);
  });
});
