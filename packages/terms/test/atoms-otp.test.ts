import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Arena, AtomError, AtomTable, DEFAULT_MAX_ATOMS } from '../src/index.js';

/** Erlang/OTP is the oracle here: skip without it, unless CI requires it (BEAMLOAD_REQUIRE_OTP=1). */
function otpAvailable(): boolean {
  const found = spawnSync('erl', ['-noshell', '-eval', 'halt().'], { stdio: 'ignore' }).status === 0;
  if (!found && process.env.BEAMLOAD_REQUIRE_OTP === '1') throw new Error('BEAMLOAD_REQUIRE_OTP=1 but erl/escript are not available');
  return found;
}

interface AtomCase {
  encoding: 'utf8' | 'latin1';
  bytes: Uint8Array;
}

function codePoints(points: number[]): AtomCase {
  return { encoding: 'utf8', bytes: Buffer.from(String.fromCodePoint(...points), 'utf8') };
}

function cases(): AtomCase[] {
  const all: AtomCase[] = [];
  for (const point of [0x61, 0xe9, 0x65e5, 0x1f600]) {
    for (const length of [0, 1, 254, 255, 256]) all.push(codePoints(new Array<number>(length).fill(point)));
  }
  all.push(codePoints([...new Array<number>(200).fill(0x1f600), ...new Array<number>(55).fill(0x61)]));
  all.push(codePoints([...new Array<number>(200).fill(0x1f600), ...new Array<number>(56).fill(0x61)]));
  const raw = (encoding: AtomCase['encoding'], bytes: number[]): void => void all.push({ encoding, bytes: new Uint8Array(bytes) });
  raw('utf8', [0xc0, 0x80]); // overlong NUL
  raw('utf8', [0xe0, 0x80, 0x80]); // overlong
  raw('utf8', [0xed, 0xa0, 0x80]); // a surrogate
  raw('utf8', [0xf4, 0x90, 0x80, 0x80]); // above U+10FFFF
  raw('utf8', [0xe6, 0x97]); // cut short
  raw('utf8', [0x80]); // lone continuation byte
  raw('utf8', [0x61, 0xff]);
  raw('utf8', [0xef, 0xbf, 0xbf]); // U+FFFF, a noncharacter but a code point
  raw('utf8', [0xf4, 0x8f, 0xbf, 0xbf]); // U+10FFFF
  raw('latin1', new Array<number>(255).fill(0xff));
  raw('latin1', new Array<number>(256).fill(0xff));
  raw('latin1', [0x00, 0x7f, 0x80, 0xa0]);
  return all;
}

function ours(atoms: AtomTable, atomCase: AtomCase): string {
  try {
    const index =
      atomCase.encoding === 'utf8' ? atoms.internUtf8(atomCase.bytes) : atoms.internLatin1(atomCase.bytes);
    return `ok ${Buffer.from(atoms.utf8Of(index)).toString('hex').toUpperCase()}`;
  } catch (error) {
    if (!(error instanceof AtomError)) throw error;
    // OTP raises system_limit for a name over 255 characters, badarg for a name that is no Unicode.
    if (error.code === 'atom_too_long') return 'system_limit';
    if (error.code === 'invalid_name') return 'badarg';
    throw error;
  }
}

const hasOtp = otpAvailable();

describe.skipIf(!hasOtp)('atom rules against erl (binary_to_atom/2)', () => {
  it('accepts and refuses the same names, with the same UTF-8 text, and has the same default limit', () => {
    const all = cases();
    const directory = mkdtempSync(join(tmpdir(), 'beamload-atoms-'));
    const casesFile = join(directory, 'cases.eterm');
    writeFileSync(
      casesFile,
      all.map((atomCase) => `{${atomCase.encoding}, <<${[...atomCase.bytes].join(',')}>>}.\n`).join(''),
    );
    const script = fileURLToPath(new URL('./fixtures/atom_limits.escript', import.meta.url));
    const run = spawnSync('escript', [script, casesFile], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(all.length + 1);
    expect(Number(lines[all.length])).toBe(DEFAULT_MAX_ATOMS);
    const atoms = AtomTable.create(Arena.create());
    all.forEach((atomCase, index) => {
      expect(ours(atoms, atomCase), `${atomCase.encoding} <<${[...atomCase.bytes.subarray(0, 8)].join(',')}...>> (${atomCase.bytes.length} bytes)`).toBe(lines[index]);
    });
    // The string API agrees with the byte API on every valid name.
    all.forEach((atomCase, index) => {
      if (!lines[index].startsWith('ok') || atomCase.encoding !== 'utf8') return;
      const name = Buffer.from(atomCase.bytes).toString('utf8');
      expect(atoms.intern(name)).toBe(atoms.internUtf8(atomCase.bytes));
    });
  });
});
