import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BeamFormatError } from '@beamload/beam-format';
import { Arena, AtomTable, binaryToTerm, createTermStore, isLocalPid, isLocalPort, termToBinary } from '../src/index.js';
import { otpAvailable } from './differential-corpus.js';
import { newStore } from './term-test-store.js';

/**
 * Pids, ports and references against erl's binary_to_term: the same ones refused, the
 * others kept the same way (term_to_binary of the result gives the same bytes). The cases
 * sit on the edges erl draws (ERTS external.c): this node's pid number 2^15, serial 2^13,
 * port 2^28, reference first number 2^18 and 3 numbers; the one-byte creations 0..3;
 * another node's or incarnation's full 32-bit numbers and 5 reference numbers.
 */
const LOCAL = 'nonode@nohost';
const NODES = [LOCAL, 'foo@bar'];

function atomBytes(name: string): number[] {
  return [100, 0, name.length, ...Buffer.from(name, 'latin1')];
}
function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}
function u16(value: number): number[] {
  return [(value >>> 8) & 0xff, value & 0xff];
}

function cases(): number[][] {
  const all: number[][] = [];
  const pidNumbers = [0, 2 ** 15 - 1, 2 ** 15, 2 ** 28, 0xffffffff];
  const serials = [0, 2 ** 13 - 1, 2 ** 13, 0xffffffff];
  for (const node of NODES) {
    const a = atomBytes(node);
    for (const number of pidNumbers) {
      for (const serial of serials) {
        for (const creation of [0, 1, 0xffffffff]) all.push([131, 88, ...a, ...u32(number), ...u32(serial), ...u32(creation)]);
        for (const creation of [0, 3, 4, 255]) all.push([131, 103, ...a, ...u32(number), ...u32(serial), creation]);
      }
    }
    for (const number of [0, 2 ** 28 - 1, 2 ** 28, 0xffffffff]) {
      for (const creation of [0, 1, 0xffffffff]) {
        all.push([131, 89, ...a, ...u32(number), ...u32(creation)]);
        for (const high of [0, 1, 0xffffffff]) all.push([131, 120, ...a, ...u32(high), ...u32(number), ...u32(creation)]);
      }
      for (const creation of [0, 3, 4]) all.push([131, 102, ...a, ...u32(number), creation]);
    }
    for (const first of [1, 2 ** 18 - 1, 2 ** 18, 0xffffffff]) {
      for (const count of [1, 2, 3, 4, 5, 6]) {
        const numbers = [first, ...new Array<number>(count - 1).fill(0).map((_, i) => (i === 0 ? 0xffffffff : i))];
        const words = numbers.flatMap(u32);
        for (const creation of [0, 1, 0xffffffff]) all.push([131, 90, ...u16(count), ...a, ...u32(creation), ...words]);
        for (const creation of [0, 3, 4]) all.push([131, 114, ...u16(count), ...a, creation, ...words]);
      }
      for (const creation of [0, 3, 4]) all.push([131, 101, ...a, ...u32(first), creation]);
    }
  }
  return all;
}

function ours(bytes: number[]): string {
  const store = newStore();
  try {
    const { term } = binaryToTerm(store, Uint8Array.from(bytes));
    return `ok ${Buffer.from(termToBinary(store, term)).toString('hex').toUpperCase()}`;
  } catch (error) {
    if (error instanceof BeamFormatError) return 'badarg';
    throw error;
  }
}

const hasOtp = otpAvailable();

describe.skipIf(!hasOtp)('pids, ports and references against erl (binary_to_term/1)', () => {
  it('refuses the same ones and keeps the others as erl does', () => {
    const all = cases();
    const directory = mkdtempSync(join(tmpdir(), 'beamload-identity-'));
    const casesFile = join(directory, 'cases.eterm');
    writeFileSync(casesFile, all.map((bytes) => `<<${bytes.join(',')}>>.\n`).join(''));
    const script = fileURLToPath(new URL('./fixtures/etf_identity_verdicts.escript', import.meta.url));
    const run = spawnSync('escript', [script, casesFile], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(all.length);
    const refused = lines.filter((line) => line === 'badarg').length;
    // Both verdicts occur, so neither side can pass by refusing or accepting everything.
    expect(refused).toBeGreaterThan(50);
    expect(all.length - refused).toBeGreaterThan(50);
    all.forEach((bytes, index) => {
      expect(ours(bytes), `<<${bytes.join(',')}>>`).toBe(lines[index]);
    });
  });
});

describe('which pids and ports are this node\'s own', () => {
  const a = atomBytes(LOCAL);
  it('this node\'s name and creation make the local form; another creation an external term', () => {
    const store = newStore();
    const pid = (creation: number) => binaryToTerm(store, Uint8Array.from([131, 88, ...a, ...u32(5), ...u32(1), ...u32(creation)])).term;
    expect(isLocalPid(pid(0))).toBe(true);
    expect(isLocalPid(pid(1))).toBe(false);
    const port = (creation: number) => binaryToTerm(store, Uint8Array.from([131, 89, ...a, ...u32(5), ...u32(creation)])).term;
    expect(isLocalPort(port(0))).toBe(true);
    expect(isLocalPort(port(1))).toBe(false);
  });

  it('on a node with a creation (erl -sname, OTP 25), creation 0 of its name is another incarnation too', () => {
    // erl -sname b -eval: binary_to_term of <<131,88,100,0,L,Name,32768:32,0:32,0:32>> is
    // <0.32768.0> and re-encodes with creation 0; with the node's own creation it is badarg.
    const arena = Arena.create({ initialBytes: 1 << 20 });
    const store = createTermStore(arena, AtomTable.create(arena), { name: 'b@host', creation: 1795902309 });
    const named = atomBytes('b@host');
    const pid = (number: number, creation: number) => Uint8Array.from([131, 88, ...named, ...u32(number), ...u32(0), ...u32(creation)]);
    const older = binaryToTerm(store, pid(32768, 0)).term;
    expect(isLocalPid(older)).toBe(false);
    expect(Array.from(termToBinary(store, older))).toEqual(Array.from(pid(32768, 0)));
    expect(isLocalPid(binaryToTerm(store, pid(5, 1795902309)).term)).toBe(true);
    expect(() => binaryToTerm(store, pid(32768, 1795902309))).toThrow(BeamFormatError);
  });
});
