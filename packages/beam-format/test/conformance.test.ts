import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compareWithOracle, type OracleRecord } from '../src/conformance/compare.js';
import { describeBeam } from '../src/conformance/describe.js';
import { oracleScriptPath, runConformance } from '../src/conformance/run.js';
import { fixtureFiles } from './helpers/fixtures.js';
import { erlAvailable } from './helpers/otp.js';

const hasErl = erlAvailable();

/** Every 40th .beam of the installed OTP (about 20 files), so the test stays quick. */
function otpSample(): string[] {
  const listed = spawnSync('escript', [oracleScriptPath(), '--list-otp'], { encoding: 'utf8' });
  expect(listed.status).toBe(0);
  const files = listed.stdout.trim().split('\n');
  expect(files.length).toBeGreaterThan(100);
  return files.filter((_, index) => index % 40 === 0);
}

function oracleFor(file: string): OracleRecord {
  const result = spawnSync('escript', [oracleScriptPath(), file], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  expect(result.status).toBe(0);
  return JSON.parse(result.stdout) as OracleRecord;
}

describe.skipIf(!hasErl)('conformance with OTP (beam_lib + beam_disasm)', () => {
  it('every fixture and a sample of OTP modules read identically', async () => {
    const files = [...fixtureFiles(), ...otpSample()];
    const result = await runConformance({ otp: false, files });
    expect(result.failures).toEqual([]);
    expect(result.files).toBe(files.length);
    expect(result.identical).toBe(files.length);
  });

  it('notices a difference in one instruction, one literal or one export', () => {
    const file = fixtureFiles().find((path) => path.includes('/default/fixture_features'))!;
    const oracle = oracleFor(file);
    const fresh = () => describeBeam(new Uint8Array(readFileSync(file)));
    expect(compareWithOracle(oracle, fresh()).identical).toBe(true);

    const instruction = fresh();
    instruction.functions[3]![3][4] = ['a', 'return'];
    expect(compareWithOracle(oracle, instruction).differences.join('\n')).toContain('instruction 4');

    const literal = fresh();
    literal.literals![0] = ['i', '1'];
    expect(compareWithOracle(oracle, literal).differences.join('\n')).toContain('literal 0');

    const typed = fresh();
    typed.types![1]![2] = '7';
    expect(compareWithOracle(oracle, typed).differences.join('\n')).toContain('types');

    const debugInfo = fresh();
    expect(debugInfo.dbgi_md5).toMatch(/^[0-9A-F]{32}$/);
    expect(debugInfo.meta).not.toBeNull();
    debugInfo.dbgi_md5 = '0'.repeat(32);
    expect(compareWithOracle(oracle, debugInfo).differences.join('\n')).toContain('dbgi_md5');

    const exported = fresh();
    exported.exports[0]![2] += 1;
    expect(compareWithOracle(oracle, exported).differences.join('\n')).toContain('exports');
  });
});
