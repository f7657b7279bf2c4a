import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseErlangTerm } from '../src/cli/erlang-term-parser.js';
import { ErlFloat, ErlImproperList, ErlMap, ErlTuple, atom } from '@beamload/beam-format';

const run = promisify(execFile);
const cli = fileURLToPath(new URL('../dist/cli/beamload.js', import.meta.url));
const fixtures = fileURLToPath(new URL('./cli-fixtures', import.meta.url));
const otpInstalled = existsSync('/usr/lib/erlang/lib');
if (!otpInstalled && process.env.BEAMLOAD_REQUIRE_OTP === '1') throw new Error('BEAMLOAD_REQUIRE_OTP=1 but Erlang/OTP is not installed');

async function beamload(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [cli, 'run', '--path', fixtures, ...args], { timeout: 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

describe('beamload run', () => {
  it('runs MODULE:start() by default and prints the value like ~w', async () => {
    expect(await beamload('--no-otp', 'cli_demo')).toEqual({ code: 0, stdout: 'started\n', stderr: '' });
  });

  it('passes Erlang-syntax arguments and prints terms like ~w', async () => {
    const result = await beamload('--no-otp', '--schedulers', '1', 'cli_demo', 'echo', '{ok, [1, $a, "hi"], <<1,2>>, #{k => 1.5}, -7, 16#ff}');
    expect(result).toEqual({ code: 0, stdout: '{ok,[1,97,[104,105]],<<1,2>>,#{k => 1.5},-7,255}\n', stderr: '' });
    expect((await beamload('--no-otp', 'cli_demo', 'add', '40', '2')).stdout).toBe('42\n');
  });

  it('program output goes to stdout before the value', async () => {
    expect(await beamload('--no-otp', 'cli_demo', 'shout', '"world"')).toEqual({ code: 0, stdout: 'hello world\nshouted\n', stderr: '' });
  });

  it('an uncaught exception prints class, reason and stack trace to stderr, exit 1', async () => {
    const result = await beamload('--no-otp', 'cli_demo', 'divide', '1', '0');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('** exception error: badarith');
    expect(result.stderr).toContain('cli_demo:divide/2 (cli_demo.erl, line 8)');
  });

  it('a process killed by a linked process prints an exit, exit 1', async () => {
    const result = await beamload('--no-otp', 'cli_demo', 'linked_crash');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('** exception exit: boom\n');
  });

  it('an undefined function is an undef error', async () => {
    const result = await beamload('--no-otp', 'cli_demo', 'nope');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('** exception error: undef');
  });

  it('a module only on --path is loaded when first called (error_handler), as erl -pa does', async () => {
    const codeLoading = fileURLToPath(new URL('./code-loading-fixtures', import.meta.url));
    const result = await beamload('--no-otp', '--path', codeLoading, '--path', `${codeLoading}/lib`, 'cl_demo', 'undef_on_demand');
    expect(result).toEqual({ code: 0, stdout: '{[false,false,false],false,2,{applied,3},{fun_called,4},[true,true,true],true}\n', stderr: '' });
  });

  it('bad usage exits 2 with the usage line', async () => {
    const result = await beamload('--schedulers', 'zero', 'cli_demo');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('usage: beamload run');
  });

  it.skipIf(!otpInstalled)("loads OTP's own lists.beam from the code path", async () => {
    expect(await beamload('cli_demo', 'sum_to', '100')).toEqual({ code: 0, stdout: '5050\n', stderr: '' });
  });
});

describe('Erlang term syntax for arguments', () => {
  it('parses every term form', () => {
    expect(parseErlangTerm("{a, 'B c', [1|2], [], \"\", 1.0e3, 12345678901234567890}")).toEqual(
      new ErlTuple([atom('a'), atom('B c'), new ErlImproperList([1], 2), [], [], new ErlFloat(1000), 12345678901234567890n]),
    );
    expect(parseErlangTerm('#{1 => [a | [b]]}')).toEqual(new ErlMap([[1, [atom('a'), atom('b')]]]));
    expect(parseErlangTerm('<<"ab", 3>>')).toEqual(Uint8Array.from([97, 98, 3]));
    expect(parseErlangTerm('$\\n')).toBe(10);
  });

  it('refuses what is not a term, with the offset', () => {
    expect(() => parseErlangTerm('{a, X}')).toThrow(/at offset 4/);
    expect(() => parseErlangTerm('1 + 2')).toThrow(/unexpected text/);
    expect(() => parseErlangTerm('<<256>>')).toThrow(/0..255/);
    expect(() => parseErlangTerm('"open')).toThrow(/unterminated/);
  });
});
