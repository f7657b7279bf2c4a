import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readContainer } from '@beamload/beam-format';
import { beamMd5 } from '../src/index.js';
import { toHex } from '../src/testkit/index.js';
// @ts-expect-error: a plain .mjs script shared with the `conformance` package script
import { fixtureBeams, findBeams, otpRoot } from '../scripts/otp-corpus.mjs';

const root: string | undefined = otpRoot();

describe('module MD5 (module_info(md5))', () => {
  it.skipIf(root === undefined && process.env.BEAMLOAD_REQUIRE_OTP !== '1')('equals beam_lib:md5/1 on fixtures and OTP files', () => {
    const otp: string[] = findBeams(root!);
    // Files with FunT (lambdas), with and without LitT, old and new forms.
    const files: string[] = [...fixtureBeams(), ...otp.filter((_, i) => i % 40 === 0)];
    const script = `[begin {ok,{_,M}} = beam_lib:md5(F), io:format("~s~n", [binary:encode_hex(M)]) end || F <- [${files.map((f) => JSON.stringify(f)).join(',')}]], halt().`;
    const expected = execFileSync('erl', ['-noshell', '-eval', script], { encoding: 'utf8' }).trim().split('\n');
    expect(expected).toHaveLength(files.length);
    files.forEach((file, i) => {
      expect(toHex(beamMd5(readContainer(new Uint8Array(readFileSync(file))))), file).toBe(expected[i].toLowerCase());
    });
  });

  it('never writes its input, also when it is a Node Buffer (whose slice() is a view)', () => {
    const withFuns = (fixtureBeams() as string[]).map((file) => readFileSync(file)).filter((bytes) => readContainer(bytes).chunks.some((chunk) => chunk.id === 'FunT' && chunk.data.length > 4));
    expect(withFuns.length).toBeGreaterThan(0);
    for (const bytes of withFuns) {
      const before = Buffer.from(bytes);
      const fromBuffer = beamMd5(readContainer(bytes));
      expect(bytes.equals(before)).toBe(true);
      expect(fromBuffer).toEqual(beamMd5(readContainer(new Uint8Array(before))));
    }
  });
});
