import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBeam } from '../src/beam-file.js';
import { buildLiteralModule } from '../src/builder/literal-module.js';
import { ModuleBuilder } from '../src/builder/module-builder.js';
import { funOldUniq, moduleMd5 } from '../src/writer/module-md5.js';
import { encodeEtf } from '../src/etf/encode.js';
import { BeamFormatError } from '../src/errors.js';
import {
  ErlBitstring,
  ErlFloat,
  ErlMap,
  ErlTuple,
  atom,
  type Term,
} from '../src/term/values.js';
import { otpAvailable, runEscript } from './etf-fixtures/otp.js';

const hasOtp = otpAvailable();
const work = mkdtempSync(join(tmpdir(), 'beam-builder-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tuple = (...elements: Term[]) => new ErlTuple(elements);

/** Loads `bytes` as module `name` in erl and checks each [function, args, expected]. */
function loadAndCall(name: string, bytes: Uint8Array, calls: Array<[string, Term[], Term]>): string {
  const beamPath = join(work, `${name}.beam`);
  const callsPath = join(work, `${name}.calls`);
  writeFileSync(beamPath, bytes);
  writeFileSync(callsPath, encodeEtf(calls.map(([f, args, expected]) => tuple(atom(f), args, expected))));
  return runEscript(join(__dirname, 'builder-fixtures', 'load_and_call.escript'), [beamPath, callsPath]).trim();
}

const HELLO = tuple(
  atom('ok'),
  [119, 111, 114, 108, 100],
  Uint8Array.of(1, 2),
  new ErlFloat(1.5),
  new ErlFloat(-0),
  1n << 100n,
  new ErlMap([[atom('a'), 1]]),
  new ErlBitstring(Uint8Array.of(0xa0), 3),
);

function demoModule(name = 'beamload_builder_demo'): ModuleBuilder {
  const m = new ModuleBuilder(name);
  m.function('answer', 0, { exported: true }).emit('move', { integer: 42 }, { x: 0 }).emit('return');
  m.function('add', 2, { exported: true })
    .emit('gc_bif2', { label: 0 }, 2, { extfunc: ['erlang', '+', 2] }, { x: 0 }, { x: 1 }, { x: 0 })
    .emit('return');
  m.function('hello', 0, { exported: true }).emit('move', { literal: HELLO }, { x: 0 }).emit('return');
  m.function('rev', 1, { exported: true }).emit('call_ext_only', 1, { extfunc: ['lists', 'reverse', 1] });
  m.function('big', 0, { exported: true }).emit('move', { integer: -(1n << 200n) }, { x: 0 }).emit('return');
  const isOk = m.function('is_ok', 1, { exported: true });
  const no = isOk.newLabel();
  isOk
    .emit('is_eq_exact', { label: no }, { x: 0 }, { atom: 'ok' })
    .emit('move', { atom: 'true' }, { x: 0 })
    .emit('return')
    .label(no)
    .emit('move', { atom: 'false' }, { x: 0 })
    .emit('return');
  // A local function called from an exported one, with a stack frame.
  const twice = m.function('twice', 1);
  twice.emit('gc_bif2', { label: 0 }, 1, { extfunc: ['erlang', '*', 2] }, { x: 0 }, { integer: 2 }, { x: 0 }).emit('return');
  m.function('quad', 1, { exported: true })
    .emit('allocate', 0, 1)
    .emit('call', 1, { label: twice.entryLabel })
    .emit('call_last', 1, { label: twice.entryLabel }, 0);
  // A closure: add_via_fun(N, X) builds fun(Y) -> Y + N end and calls it with X.
  const lambda = m.function('-add_via_fun/2-fun-0-', 2);
  lambda.emit('gc_bif2', { label: 0 }, 2, { extfunc: ['erlang', '+', 2] }, { x: 0 }, { x: 1 }, { x: 0 }).emit('return');
  const funIndex = m.addFun({ name: '-add_via_fun/2-fun-0-', arity: 2, numFree: 1 });
  m.function('add_via_fun', 2, { exported: true })
    .emit('allocate', 1, 2)
    .emit('move', { x: 1 }, { y: 0 })
    .emit('make_fun3', funIndex, { x: 0 }, [{ x: 0 }])
    .emit('move', { x: 0 }, { x: 1 })
    .emit('move', { y: 0 }, { x: 0 })
    .emit('call_fun', 1)
    .emit('deallocate', 1)
    .emit('return');
  // A line instruction before a call that raises: the stack trace names the line.
  m.function('fail_here', 0, { exported: true })
    .emit('move', { atom: 'boom' }, { x: 0 })
    .line(42)
    .emit('call_ext_only', 1, { extfunc: ['erlang', 'error', 1] });
  return m;
}

describe('ModuleBuilder', () => {
  it('writes the chunks erlc writes, with a consistent Code header', () => {
    const file = readBeam(demoModule().build());
    expect(file.chunkIds).toEqual(['AtU8', 'Code', 'StrT', 'ImpT', 'ExpT', 'FunT', 'LitT', 'LocT', 'Attr', 'CInf', 'Line']);
    expect(file.lines).toEqual({
      version: 0,
      flags: 0,
      lineInstructionCount: 1,
      items: [
        { file: 0, line: 0 },
        { file: 1, line: 42 },
      ],
      fileNames: ['beamload_builder_demo.erl'],
    });
    expect(file.module).toBe('beamload_builder_demo');
    expect(file.codeHeader.functionCount).toBe(13);
    const labels = file.code.instructions.filter((i) => i.name === 'label').map((i) => Number(i.operands[0]!.value));
    expect(file.codeHeader.labelCount).toBe(Math.max(...labels) + 1);
    expect(file.codeHeader.maxOpcode).toBe(Math.max(...file.code.instructions.map((i) => i.opcode)));
    expect(file.code.instructions.at(-1)!.name).toBe('int_code_end');
    expect(file.exports.map((e) => `${e.name}/${e.arity}`).sort()).toEqual(
      ['add/2', 'add_via_fun/2', 'answer/0', 'big/0', 'fail_here/0', 'hello/0', 'is_ok/1', 'module_info/0', 'module_info/1', 'quad/1', 'rev/1'].sort(),
    );
    expect(file.locals!.map((e) => `${e.name}/${e.arity}`)).toEqual(['twice/1', '-add_via_fun/2-fun-0-/2']);
    expect(file.funs).toEqual([
      {
        name: '-add_via_fun/2-fun-0-',
        arity: 2,
        label: file.locals![1]!.label,
        index: 0,
        numFree: 1,
        oldUniq: funOldUniq(moduleMd5(file.container.chunks)),
      },
    ]);
    expect(file.imports).toContainEqual({ module: 'erlang', name: 'get_module_info', arity: 2 });
    // HELLO and 2^200 (beyond inline integers) are the literals.
    expect(file.literals!.count).toBe(2);
    expect(encodeEtf(file.literals!.literal(0))).toEqual(encodeEtf(HELLO));
  });

  it('refuses unknown opcodes and wrong operand counts with a typed error', () => {
    const f = new ModuleBuilder('m').function('f', 0);
    expect(() => f.emit('no_such_op')).toThrow(BeamFormatError);
    expect(() => f.emit('move', { x: 0 })).toThrow(/takes 2 operands/);
  });

  it.skipIf(!hasOtp)('builds a module that erl loads and runs', () => {
    const output = loadAndCall('beamload_builder_demo', demoModule().build(), [
      ['answer', [], 42],
      ['add', [40, 2], 42],
      ['add', [1n << 70n, 1], (1n << 70n) + 1n],
      ['hello', [], HELLO],
      ['rev', [[1, 2, 3]], [3, 2, 1]],
      ['big', [], -(1n << 200n)],
      ['is_ok', [atom('ok')], atom('true')],
      ['is_ok', [atom('error')], atom('false')],
      ['quad', [5], 20],
      ['add_via_fun', [2, 40], 42],
      ['fail_here', [], tuple(atom('$error_at'), [...'beamload_builder_demo.erl'].map((c) => c.charCodeAt(0)), 42)],
      ['module_info', [atom('module')], atom('beamload_builder_demo')],
    ]);
    expect(output).toBe('ok 12');
  });

  it.skipIf(!hasOtp)('builds a gzip-compressed variant erl loads, and a stored-LitT (OTP 28) variant', () => {
    const calls: Array<[string, Term[], Term]> = [['hello', [], HELLO], ['big', [], -(1n << 200n)]];
    expect(loadAndCall('beamload_builder_gz', demoModule('beamload_builder_gz').build({ gzip: true }), calls)).toBe('ok 2');
    const stored = demoModule('beamload_builder_stored').build({ compressedLiterals: false });
    expect(readBeam(stored).literals!.compressed).toBe(false);
  });
});

/** Varied compound literals, all distinct. */
function literalEntries(count: number): Term[] {
  const entries: Term[] = [];
  for (let i = 0; i < count; i++) {
    switch (i % 6) {
      case 0:
        entries.push(tuple(atom('entry'), i, [i, i + 1]));
        break;
      case 1:
        entries.push(new TextEncoder().encode(`binary-${i}`));
        break;
      case 2:
        entries.push(new ErlFloat(i + 0.25));
        break;
      case 3:
        entries.push(new ErlMap([[atom('id'), i], [atom('name'), [110, 97, 109, 101]]]));
        break;
      case 4:
        entries.push(BigInt(i) << 80n);
        break;
      default:
        entries.push([atom('list'), i, tuple()]);
    }
  }
  return entries;
}

describe('buildLiteralModule', () => {
  it('has one LitT entry per distinct compound entry and lit/1 dispatches with select_val', () => {
    const entries = literalEntries(600);
    const file = readBeam(buildLiteralModule({ name: 'beamload_lits_small', entries, version: 7 }));
    // Every 6th entry from i % 6 == 4 is an integer below 2^128: inline, not a literal.
    expect(file.literals!.count).toBe(500);
    const select = file.code.instructions.find((i) => i.name === 'select_val')!;
    expect(select.operands[2]!.kind).toBe('list');
    expect((select.operands[2]!.value as unknown[]).length).toBe(1200);
  });

  it.skipIf(!hasOtp)('erl loads it: lit(N) returns entry N and version() the version', () => {
    const entries = literalEntries(3000);
    const bytes = buildLiteralModule({ name: 'beamload_lits_erl', entries, version: 12345 });
    const calls: Array<[string, Term[], Term]> = entries.map((entry, index) => ['lit', [index + 1], entry]);
    calls.push(['version', [], 12345]);
    expect(loadAndCall('beamload_lits_erl', bytes, calls)).toBe(`ok ${entries.length + 1}`);
  }, 600_000);

  it('builds a 200,000-entry module and reads it back', () => {
    const entries = literalEntries(200_000);
    const started = performance.now();
    const bytes = buildLiteralModule({ name: 'beamload_lits_big', entries, version: 1 });
    const buildMs = performance.now() - started;
    const file = readBeam(bytes);
    expect(file.literals!.count).toBe(entries.filter((entry) => typeof entry !== 'bigint').length);
    console.log(`buildLiteralModule: 200000 entries, ${(bytes.length / 1e6).toFixed(1)} MB in ${buildMs.toFixed(0)} ms`);
    if (hasOtp) {
      const calls: Array<[string, Term[], Term]> = [1, 2, 3, 4, 5, 6, 99_999, 200_000].map((n) => ['lit', [n], entries[n - 1]!]);
      expect(loadAndCall('beamload_lits_big', bytes, calls)).toBe('ok 8');
    }
  }, 600_000);
});
