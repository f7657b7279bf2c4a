import { describe, expect, it } from 'vitest';
import { Arena, AtomTable } from '@beamload/terms';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildLiteralModule, ErlTuple, readBeam } from '@beamload/beam-format';
import { Loader, NO_BIFS } from '../src/index.js';

function setup() {
  const arena = Arena.create({ initialBytes: 16 << 20, maxBytes: 1 << 30 });
  const loader = Loader.create(arena, AtomTable.create(arena), NO_BIFS);
  const entries = Array.from({ length: 20_000 }, (_, i) => new ErlTuple([i + 1, new TextEncoder().encode(`value-${i + 1}`)]));
  const bytes = buildLiteralModule({ name: 'sliced_literals', entries, version: 7 });
  const inUse = () => {
    const byKind = arena.stats().bytesInUseByKind;
    return byKind.code + byKind.literal + byKind.other;
  };
  return { arena, loader, bytes, inUse };
}

describe('prepare in slices', () => {
  it('yields between bounded slices of literal decoding and ends with the same module as prepare', () => {
    const { loader, bytes } = setup();
    const whole = loader.prepare(bytes);
    const steps = loader.prepareInSlices(bytes, { sliceWords: 4096 });
    let slices = 0;
    let next = steps.next();
    while (!next.done) {
      expect(next.value).toEqual({ kind: 'prepare-slice' });
      slices++;
      next = steps.next();
    }
    const sliced = next.value;
    // 20,000 tuples of 3 words + binaries: well over 4096 words, so many slices.
    expect(slices).toBeGreaterThan(20);
    expect(sliced.module).toBe('sliced_literals');
    expect(sliced.md5).toEqual(whole.md5);
    expect(sliced.codeWords).toBe(whole.codeWords);
    expect(sliced.literalWords).toBe(whole.literalWords);
    loader.discard(whole);
    loader.discard(sliced);
  });

  it('decodes and transforms the code in bounded slices too, not in one piece', () => {
    const { loader } = setup();
    const bytes = new Uint8Array(readFileSync(join(__dirname, '..', 'fixtures', 'otp-forms', 'build-default', 'lf_control.beam')));
    const instructions = readBeam(bytes).code.instructions.length;
    const whole = loader.prepare(bytes);
    const perSlice = 16;
    const steps = loader.prepareInSlices(bytes, { sliceInstructions: perSlice });
    let slices = 0;
    let next = steps.next();
    while (!next.done) {
      slices++;
      next = steps.next();
    }
    const sliced = next.value;
    // Each slice decodes and transforms at most perSlice instructions.
    expect(instructions).toBeGreaterThan(8 * perSlice);
    expect(slices).toBeGreaterThanOrEqual(Math.floor(instructions / perSlice));
    expect(sliced.codeWords).toBe(whole.codeWords);
    expect(loader.instance(sliced.instance).exports()).toHaveLength(loader.instance(whole.instance).exports().length);
    loader.discard(whole);
    loader.discard(sliced);
  });

  it('a sliced prepare abandoned half-way frees what it allocated', () => {
    const { loader, bytes, inUse } = setup();
    const before = inUse();
    const steps = loader.prepareInSlices(bytes, { sliceWords: 4096 });
    // Step into the literal decoding (the first slices decode code and allocate nothing).
    for (let i = 0; i < 1000 && inUse() === before; i++) steps.next();
    for (let i = 0; i < 2; i++) steps.next();
    expect(inUse()).toBeGreaterThan(before);
    steps.return(undefined as never);
    expect(inUse()).toBe(before);
    expect(loader.tables.liveInstances()).toBe(0);
  });
});

describe('literals inflated off the scheduler thread', () => {
  it('prepareRequests with inflateOffThread yields while libuv inflates, then prepares the same module', async () => {
    const { prepareRequests } = await import('../src/index.js');
    const { loader, bytes, inUse } = setup();
    const before = inUse();
    const context = { loader, system: undefined as never };
    const task = prepareRequests(context, [{ bytes }], { mode: 'sliced', inflateOffThread: true });
    let turns = 0;
    let next = task.next();
    while (!next.done) {
      expect(next.value.kind).toBe('prepare-slice');
      turns++;
      // The runtime would run other processes here; the test gives libuv a turn.
      await new Promise((resolve) => setImmediate(resolve));
      next = task.next();
    }
    const result = next.value;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const reference = loader.prepare(bytes);
    expect(result.prepared[0].md5).toEqual(reference.md5);
    expect(result.prepared[0].literalWords).toBe(reference.literalWords);
    expect(turns).toBeGreaterThan(1);
    loader.discard(reference);
    loader.discard(result.prepared[0]);
    expect(inUse()).toBe(before);
  });

  it('a corrupt stream is badfile naming LitT, and nothing is left', async () => {
    const { inflateLiteralsOffThread } = await import('../src/index.js');
    const { loader, bytes, inUse } = setup();
    const before = inUse();
    const corrupt = bytes.slice();
    const litT = new TextDecoder('latin1').decode(corrupt).indexOf('LitT');
    for (let i = litT + 20; i < litT + 60; i++) corrupt[i] ^= 0x33;
    const inflation = inflateLiteralsOffThread(corrupt);
    while (!inflation.done) await new Promise((resolve) => setImmediate(resolve));
    expect(inflation.error?.code).toBe('badfile');
    expect(inflation.error?.chunk).toBe('LitT');
    expect(() => loader.prepare(corrupt)).toThrow(/LitT/);
    expect(inUse()).toBe(before);
  });
});
