/**
 * Code loading as ERTS does it, each case compared with erl running the same function
 * with the same code path (test/code-loading-fixtures, sources written for this project):
 * prepare_loading/2 returns a ref to prepared code and finish_loading/1 installs it;
 * on_load functions run (code:load_binary/3, on-demand loads); calls to modules that are
 * not loaded go through our error_handler and load them from the code path, once.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Runtime } from '@beamload/runtime';
import { erlInstalled } from './erl-oracle.js';
import { ErlTuple, atom } from '@beamload/beam-format';

const fixtures = fileURLToPath(new URL('./code-loading-fixtures', import.meta.url));
const lib = `${fixtures}/lib`;

const beam = (path: string) => readFileSync(`${fixtures}/${path}`);
const ON_LOAD_MODULES = ['cl_onload_ok', 'cl_onload_err', 'cl_onload_raise', 'cl_onload_loads'];

/** Each case: the function, its arguments for us (JS terms), and the same as an erl expression (B(Path) reads a file). */
const CASES: Array<{ name: string; args: () => unknown[]; erlArgs: string }> = [
  { name: 'prepare_facts', args: () => [beam('v1/cl_mod.beam'), new TextEncoder().encode('junk')], erlArgs: 'B("v1/cl_mod.beam"), <<"junk">>' },
  { name: 'finish_refusals', args: () => [beam('v1/cl_mod.beam'), beam('v2/cl_mod.beam')], erlArgs: 'B("v1/cl_mod.beam"), B("v2/cl_mod.beam")' },
  { name: 'load_module_on_load', args: () => [beam('v1/cl_onload_ok.beam')], erlArgs: 'B("v1/cl_onload_ok.beam")' },
  {
    name: 'on_load',
    args: () => [ON_LOAD_MODULES.map((module) => new ErlTuple([atom(module), beam(`v1/${module}.beam`)]))],
    erlArgs: `[{M, B("v1/" ++ atom_to_list(M) ++ ".beam")} || M <- [${ON_LOAD_MODULES.join(',')}]]`,
  },
  {
    name: 'on_load_over_old',
    args: () => [beam('v1/cl_onload_ver.beam'), beam('v2/cl_onload_ver.beam'), beam('v3/cl_onload_ver.beam')],
    erlArgs: 'B("v1/cl_onload_ver.beam"), B("v2/cl_onload_ver.beam"), B("v3/cl_onload_ver.beam")',
  },
  { name: 'undef_on_demand', args: () => [], erlArgs: '' },
  { name: 'undef_missing', args: () => [], erlArgs: '' },
  { name: 'undef_unexported', args: () => [], erlArgs: '' },
  { name: 'concurrent_on_demand', args: () => [], erlArgs: '' },
  { name: 'prepared_orphan', args: () => [beam('v1/cl_mod.beam')], erlArgs: 'B("v1/cl_mod.beam")' },
  { name: 'lambda_after_purge', args: () => [beam('v2/cl_lam.beam')], erlArgs: 'B("v2/cl_lam.beam")' },
  { name: 'lambda_from_etf', args: () => [], erlArgs: '' },
];

/** What erl returns, printed with ~w (each case in a fresh erl: the cases load modules). */
function erlValue(name: string, erlArgs: string): string {
  const expression = `B = fun(P) -> {ok, X} = file:read_file(P), X end, io:format("~nVALUE ~w~n", [cl_demo:${name}(${erlArgs})]), halt().`;
  const output = execFileSync('erl', ['-noshell', '-pa', fixtures, '-pa', lib, '-eval', expression], { cwd: fixtures, stdio: ['ignore', 'pipe', 'ignore'] }).toString();
  // The logger's reports of failed on_load functions go to the same stream, in any order.
  return output.split('\n').find((line) => line.startsWith('VALUE '))!.slice('VALUE '.length);
}

const MATRIX = [
  ...(['block', 'split', 'epoch', 'epoch-inline'] as const).map((strategy) => ({ strategy, gcTorture: false })),
  // The error_handler redirect builds the argument list on the heap: collect at every allocation.
  { strategy: 'epoch' as const, gcTorture: true },
];

for (const { strategy, gcTorture } of MATRIX) {
  describe.skipIf(!erlInstalled)(`code loading as erl does it (${strategy}${gcTorture ? ', GC torture' : ''})`, () => {
    for (const { name, args, erlArgs } of CASES) {
      it(`cl_demo:${name} equals erl`, { timeout: 30_000 }, async () => {
        // A fresh runtime per case, as erl: the cases load modules.
        const runtime = await Runtime.start({ schedulers: 2, loadStrategy: strategy, gcTorture, codePath: [fixtures, lib], poisonFreedCode: true, onOutput: () => {} });
        try {
          await runtime.ensureLoaded('cl_demo');
          const outcome = await runtime.callOutcome('cl_demo', name, args() as never);
          const ours = outcome.ok ? runtime.formatValue(outcome.value) : `exception ${runtime.formatValue(outcome.class)}:${runtime.formatValue(outcome.reason)}`;
          expect(ours).toBe(erlValue(name, erlArgs));
          expect(runtime.codeServer.preparedCount()).toBe(0);
        } finally {
          expect(await runtime.stop()).toBe(0);
        }
      });
    }
  });
}

describe('prepared code nobody finishes is freed', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await Runtime.start({ schedulers: 2, codePath: [fixtures, lib], poisonFreedCode: true, onOutput: () => {} });
    await runtime.ensureLoaded('cl_demo');
  });
  afterAll(async () => {
    expect(await runtime.stop()).toBe(0);
  });

  const instanceBytes = () => {
    const byKind = runtime.arena.stats().bytesInUseByKind;
    return byKind.code + byKind.literal;
  };

  it('when the process that prepared it exits', async () => {
    const bytes = beam('v1/cl_mod.beam');
    await runtime.callOutcome('cl_demo', 'prepared_orphan', [bytes]);
    const before = instanceBytes();
    for (let round = 0; round < 50; round++) {
      const outcome = await runtime.callOutcome('cl_demo', 'prepared_orphan', [bytes]);
      expect(outcome.ok && runtime.formatValue(outcome.value)).toBe('true');
    }
    expect(runtime.codeServer.preparedCount()).toBe(0);
    expect(instanceBytes()).toBe(before);
  });

  it('when the runtime stops', async () => {
    const other = await Runtime.start({ schedulers: 1, codePath: [fixtures, lib], onOutput: () => {} });
    await other.ensureLoaded('cl_demo');
    const before = other.arena.stats().bytesInUseByKind.code;
    other.spawn('cl_demo', 'prepare_and_wait', [beam('v1/cl_mod.beam')]);
    while (other.codeServer.preparedCount() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    expect(other.arena.stats().bytesInUseByKind.code).toBeGreaterThan(before);
    expect(await other.stop()).toBe(0);
    expect(other.codeServer.preparedCount()).toBe(0);
    expect(other.arena.stats().bytesInUseByKind.code).toBe(before);
  });
});

describe('the host loads a module with -on_load', () => {
  it('runs its on_load function in a process: ok makes it current, anything else drops it', async () => {
    const runtime = await Runtime.start({ schedulers: 2, codePath: [fixtures, lib], poisonFreedCode: true, onOutput: () => {} });
    try {
      await runtime.loadModule(beam('v1/cl_onload_ok.beam'));
      const ok = await runtime.callOutcome('cl_onload_ok', 'v', []);
      expect(ok.ok && runtime.formatValue(ok.value)).toBe('ok_loaded');
      await expect(runtime.loadModule(beam('v1/cl_onload_err.beam'))).rejects.toMatchObject({ code: 'load_failed', cause: { code: 'on_load_failure' } });
      expect(runtime.loader.moduleLoaded('cl_onload_err')).toBe(false);
      // Its on_load calls a module that is only on the code path: loaded on demand.
      await runtime.loadModule(beam('v1/cl_onload_loads.beam'));
      expect(runtime.loader.moduleLoaded('cl_lib_onload')).toBe(true);
      // An import closure with an on_load module (cl_demo imports cl_once): the others
      // together, then cl_once alone.
      const loaded = await runtime.ensureLoadedWithImports('cl_demo');
      expect([...loaded].sort()).toEqual(['cl_demo', 'cl_lam', 'cl_lib', 'cl_lib_apply', 'cl_lib_fun', 'cl_once']);
    } finally {
      expect(await runtime.stop()).toBe(0);
    }
  });
});
