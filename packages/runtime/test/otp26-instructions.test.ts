/**
 * OTP 26's update_record/5 and bs_match/3, run. No OTP 26 compiler is at hand, so the
 * module is built by hand with beam-format's ModuleBuilder, instruction for instruction
 * the way OTP 26's compiler lays these functions out (operand order from OTP 26's
 * genop.tab and beam_disasm; Live values as beam_validator demands). The expected values
 * come from erl: otp26-fixtures/otp26_equiv.erl says the same in Erlang, OTP 25's erlc
 * compiles it to setelement and bs_get_* instructions, and erl runs each case.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErlBitstring, ErlFloat, ErlTuple, ModuleBuilder, atom, type SymbolicOperand, type Term } from '@beamload/beam-format';
import { Runtime } from '@beamload/runtime';
import { erlInstalled } from './erl-oracle.js';

const fixtures = fileURLToPath(new URL('./otp26-fixtures', import.meta.url));

const x = (index: number): SymbolicOperand => ({ x: index });
const y = (index: number): SymbolicOperand => ({ y: index });
const a = (name: string): SymbolicOperand => ({ atom: name });
const int = (value: number | bigint): SymbolicOperand => ({ integer: value });
const nil: SymbolicOperand = { nil: true };
const flags = (...names: string[]): SymbolicOperand => ({ literal: names.map(atom) });

/** bs_match's commands as OTP 26's beam_asm flattens them: the command atom, then its fields. */
const cmd = {
  ensureAtLeast: (bits: number, unit: number): SymbolicOperand[] => [a('ensure_at_least'), bits, unit],
  ensureExactly: (bits: number): SymbolicOperand[] => [a('ensure_exactly'), bits],
  integer: (live: number, flagList: SymbolicOperand, size: number, unit: number, dst: SymbolicOperand): SymbolicOperand[] => [a('integer'), live, flagList, size, unit, dst],
  binary: (live: number, size: number, unit: number, dst: SymbolicOperand): SymbolicOperand[] => [a('binary'), live, nil, size, unit, dst],
  skip: (bits: number): SymbolicOperand[] => [a('skip'), bits],
  getTail: (live: number, unit: number, dst: SymbolicOperand): SymbolicOperand[] => [a('get_tail'), live, unit, dst],
  equal: (bits: number, value: number | bigint): SymbolicOperand[] => [a('=:='), nil, bits, { u: value }],
};
const commands = (...list: SymbolicOperand[][]): SymbolicOperand[] => list.flat();

/** The module otp26_equiv.erl describes, with update_record and bs_match where OTP 26 puts them. */
function buildOtp26Module(): Uint8Array {
  const m = new ModuleBuilder('otp26_ops');
  const record = (name: string, arity: number) => {
    const fn = m.function(name, arity, { exported: true });
    const badrecord = fn.newLabel();
    return { fn, badrecord, guard: () => fn.emit('is_tagged_tuple', { label: badrecord }, x(0), 4, a('r')) };
  };

  // upd_ac(R) -> R#r{a = 1, c = 3}.
  {
    const { fn, badrecord, guard } = record('upd_ac', 1);
    guard();
    fn.emit('test_heap', 5, 1)
      .emit('update_record', a('copy'), 4, x(0), x(0), [2, int(1), 4, int(3)])
      .emit('return')
      .label(badrecord)
      .emit('badrecord', x(0));
  }
  // upd_b(R, V) -> R#r{b = V}.
  {
    const { fn, badrecord, guard } = record('upd_b', 2);
    guard();
    fn.emit('test_heap', 5, 2)
      .emit('update_record', a('reuse'), 4, x(0), x(0), [3, x(1)])
      .emit('return')
      .label(badrecord)
      .emit('badrecord', x(0));
  }
  // upd_keeps(R, V) -> {R, R#r{c = V}}, with the inplace hint: R must come back unchanged.
  {
    const { fn, badrecord, guard } = record('upd_keeps', 2);
    guard();
    fn.emit('test_heap', 8, 2)
      .emit('update_record', a('inplace'), 4, x(0), x(2), [4, x(1)])
      .emit('put_tuple2', x(0), [x(0), x(2)])
      .emit('return')
      .label(badrecord)
      .emit('badrecord', x(0));
  }
  // upd_literal(V) -> (#r{a = x, b = y, c = z})#r{a = V}.
  m.function('upd_literal', 1, { exported: true })
    .emit('test_heap', 5, 1)
    .emit('update_record', a('copy'), 4, { literal: new ErlTuple([atom('r'), atom('x'), atom('y'), atom('z')]) }, x(0), [2, x(0)])
    .emit('return');

  /** A function matching its argument: bs_start_match4, then `body`, else nomatch. */
  const matcher = (name: string, body: (fn: ReturnType<ModuleBuilder['function']>, fail: number) => void) => {
    const fn = m.function(name, 1, { exported: true });
    const fail = fn.newLabel();
    fn.emit('bs_start_match4', { label: fail }, 1, x(0), x(0));
    body(fn, fail);
    fn.label(fail).emit('move', a('nomatch'), x(0)).emit('return');
  };

  // <<A:8, Bb:16/little, Rest/binary>> -> {A, Bb, Rest}
  matcher('int_int_tail', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(
      cmd.ensureAtLeast(24, 8),
      cmd.integer(1, nil, 8, 1, x(1)),
      cmd.integer(2, flags('little'), 16, 1, x(2)),
      cmd.getTail(3, 8, x(3)),
    ))
      .emit('test_heap', 4, 4)
      .emit('put_tuple2', x(0), [x(1), x(2), x(3)])
      .emit('return');
  });
  // <<"abc", X/binary>> -> X (the tail goes to the context's own register)
  matcher('abc_tail', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(cmd.ensureAtLeast(24, 8), cmd.equal(24, 0x616263), cmd.getTail(1, 8, x(0)))).emit('return');
  });
  // <<A:4, S:4/signed, C:16/signed-little>> -> {A, S, C}
  matcher('exact_signed', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(
      cmd.ensureExactly(24),
      cmd.integer(1, nil, 4, 1, x(1)),
      cmd.integer(2, flags('signed'), 4, 1, x(2)),
      cmd.integer(3, flags('signed', 'little'), 16, 1, x(3)),
    ))
      .emit('test_heap', 4, 4)
      .emit('put_tuple2', x(0), [x(1), x(2), x(3)])
      .emit('return');
  });
  // <<_:3, Bits:5/bits, Bin:2/binary, _/binary>> -> {Bits, Bin}
  matcher('skip_bits_bin', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(cmd.ensureAtLeast(24, 8), cmd.skip(3), cmd.binary(1, 5, 1, x(1)), cmd.binary(2, 2, 8, x(2))))
      .emit('test_heap', 3, 3)
      .emit('put_tuple2', x(0), [x(1), x(2)])
      .emit('return');
  });
  // <<N:72, 16#0102030405060708:64, T/bits>> -> {N, T} (a bignum, and a 64-bit comparison)
  matcher('big_and_64', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(
      cmd.ensureAtLeast(136, 1),
      cmd.integer(1, nil, 72, 1, x(1)),
      cmd.equal(64, 0x0102030405060708n),
      cmd.getTail(2, 1, x(2)),
    ))
      .emit('test_heap', 3, 3)
      .emit('put_tuple2', x(0), [x(1), x(2)])
      .emit('return');
  });
  // <<X:16/native, Y:16/native-signed>> -> {X, Y}
  matcher('native16', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(
      cmd.ensureExactly(32),
      cmd.integer(1, flags('native'), 16, 1, x(1)),
      cmd.integer(2, flags('native', 'signed'), 16, 1, x(2)),
    ))
      .emit('test_heap', 3, 3)
      .emit('put_tuple2', x(0), [x(1), x(2)])
      .emit('return');
  });
  // <<A:8, _/binary>> -> A (the unit of ensure_at_least refuses a bitstring tail)
  matcher('after_unit', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(cmd.ensureAtLeast(8, 8), cmd.integer(1, nil, 8, 1, x(0)))).emit('return');
  });
  // <<X:1073741824/binary, _/binary>> -> X: 2^33 bits, more than any bitstring here.
  matcher('huge', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(cmd.ensureAtLeast(2 ** 33, 8), cmd.binary(1, 2 ** 30, 8, x(0)))).emit('return');
  });
  // <<A, 255>> -> {A}; <<N:16>> -> N: the first bs_match fails after it read A, the
  // second reads the same context from where the first started.
  {
    const fn = m.function('restart', 1, { exported: true });
    const second = fn.newLabel();
    const fail = fn.newLabel();
    fn.emit('bs_start_match4', { label: fail }, 1, x(0), x(0))
      .emit('bs_match', { label: second }, x(0), commands(cmd.ensureExactly(16), cmd.integer(1, nil, 8, 1, x(1)), cmd.equal(8, 255)))
      .emit('test_heap', 2, 2)
      .emit('put_tuple2', x(0), [x(1)])
      .emit('return')
      .label(second)
      .emit('bs_match', { label: fail }, x(0), commands(cmd.ensureExactly(16), cmd.integer(1, nil, 16, 1, x(0))))
      .emit('return')
      .label(fail)
      .emit('move', a('nomatch'), x(0))
      .emit('return');
  }
  // <<A:1, T/bits>> -> {A, T, T}, the tail taken twice (beam_validator allows it).
  matcher('many_tails', (fn, fail) => {
    fn.emit('bs_match', { label: fail }, x(0), commands(cmd.ensureAtLeast(1, 1), cmd.integer(1, nil, 1, 1, x(1)), cmd.getTail(2, 1, x(2)), cmd.getTail(3, 1, x(3))))
      .emit('test_heap', 4, 4)
      .emit('put_tuple2', x(0), [x(1), x(2), x(3)])
      .emit('return');
  });

  // in_frame(B): <<A:8, Rest/binary>> -> {A, Rest}, with A extracted into a stack slot.
  {
    const fn = m.function('in_frame', 1, { exported: true });
    const fail = fn.newLabel();
    fn.emit('allocate', 1, 1)
      .emit('init_yregs', [y(0)])
      .emit('bs_start_match4', { label: fail }, 1, x(0), x(0))
      .emit('bs_match', { label: fail }, x(0), commands(cmd.ensureAtLeast(8, 8), cmd.integer(1, nil, 8, 1, y(0)), cmd.getTail(1, 8, x(1))))
      .emit('test_heap', 3, 2)
      .emit('put_tuple2', x(0), [y(0), x(1)])
      .emit('deallocate', 1)
      .emit('return')
      .label(fail)
      .emit('move', a('nomatch'), x(0))
      .emit('deallocate', 1)
      .emit('return');
  }
  // upd_y(R) -> R#r{a = 1}, the new record written to a stack slot.
  m.function('upd_y', 1, { exported: true })
    .emit('allocate', 1, 1)
    .emit('init_yregs', [y(0)])
    .emit('test_heap', 5, 1)
    .emit('update_record', a('copy'), 4, x(0), y(0), [2, int(1)])
    .emit('move', y(0), x(0))
    .emit('deallocate', 1)
    .emit('return');

  // loop(B, N, Acc): N times [{Big, Bin, L, Rest} | Acc] from
  // <<Big:72, Bin:1/binary, L:16/little, Rest/binary>>, matched afresh each time; every
  // extraction allocates with x0..x3 (B, N, Acc, the context) and earlier results live.
  {
    const fn = m.function('loop', 3, { exported: true });
    const top = fn.newLabel();
    const more = fn.newLabel();
    const fail = fn.newLabel();
    fn.label(top)
      .emit('is_eq_exact', { label: more }, x(1), int(0))
      .emit('move', x(2), x(0))
      .emit('return')
      .label(more)
      .emit('bs_start_match4', { label: fail }, 3, x(0), x(3))
      .emit('bs_match', { label: fail }, x(3), commands(
        cmd.ensureAtLeast(96, 8),
        cmd.integer(4, nil, 72, 1, x(4)),
        cmd.binary(5, 1, 8, x(5)),
        cmd.integer(6, flags('little'), 16, 1, x(6)),
        cmd.getTail(7, 8, x(7)),
      ))
      .emit('test_heap', 7, 8)
      .emit('put_tuple2', x(4), [x(4), x(5), x(6), x(7)])
      .emit('put_list', x(4), x(2), x(2))
      .emit('gc_bif2', { label: 0 }, 3, { extfunc: ['erlang', '-', 2] }, x(1), int(1), x(1))
      .emit('jump', { label: top })
      .label(fail)
      .emit('move', a('nomatch'), x(0))
      .emit('return');
  }
  return m.build();
}

const bytes = (...values: number[]): Uint8Array => Uint8Array.from(values);
const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const r = (...fields: Term[]): ErlTuple => new ErlTuple([atom('r'), ...fields]);

/** Each case: function, arguments for us, the same arguments as Erlang source. */
const CASES: Array<{ fn: string; args: Term[]; erl: string }> = [
  { fn: 'upd_ac', args: [r(atom('a'), atom('b'), atom('c'))], erl: '{r,a,b,c}' },
  { fn: 'upd_ac', args: [new ErlTuple([atom('q'), 1, 2, 3])], erl: '{q,1,2,3}' },
  { fn: 'upd_ac', args: [atom('foo')], erl: 'foo' },
  { fn: 'upd_b', args: [r(1, 2, 3), 2], erl: '{r,1,2,3}, 2' },
  { fn: 'upd_b', args: [r(1, 2, 3), text('new')], erl: '{r,1,2,3}, <<"new">>' },
  { fn: 'upd_keeps', args: [r(1, [1, 2], 3), 9], erl: '{r,1,[1,2],3}, 9' },
  { fn: 'upd_literal', args: [7], erl: '7' },
  { fn: 'int_int_tail', args: [bytes(1, 2, 3, 4, 5)], erl: '<<1,2,3,4,5>>' },
  { fn: 'int_int_tail', args: [bytes(1, 2, 3)], erl: '<<1,2,3>>' },
  { fn: 'int_int_tail', args: [bytes(1, 2)], erl: '<<1,2>>' },
  { fn: 'int_int_tail', args: [new ErlBitstring(bytes(1, 2, 3, 0x40), 4)], erl: '<<1,2,3,4:4>>' },
  { fn: 'int_int_tail', args: [atom('notbin')], erl: 'notbin' },
  { fn: 'abc_tail', args: [text('abcdef')], erl: '<<"abcdef">>' },
  { fn: 'abc_tail', args: [text('abc')], erl: '<<"abc">>' },
  { fn: 'abc_tail', args: [text('abd')], erl: '<<"abd">>' },
  { fn: 'abc_tail', args: [text('ab')], erl: '<<"ab">>' },
  { fn: 'exact_signed', args: [bytes(0x1f, 0xfe, 0xff)], erl: '<<16#1F,16#FE,16#FF>>' },
  { fn: 'exact_signed', args: [bytes(0x80, 0x00, 0x80)], erl: '<<16#80,0,16#80>>' },
  { fn: 'exact_signed', args: [bytes(1, 2)], erl: '<<1,2>>' },
  { fn: 'exact_signed', args: [bytes(1, 2, 3, 4)], erl: '<<1,2,3,4>>' },
  { fn: 'skip_bits_bin', args: [bytes(0b10110111, 1, 2, 3)], erl: '<<2#10110111,1,2,3>>' },
  { fn: 'skip_bits_bin', args: [bytes(0xff, 1, 2)], erl: '<<255,1,2>>' },
  { fn: 'skip_bits_bin', args: [bytes(0xff, 1)], erl: '<<255,1>>' },
  { fn: 'skip_bits_bin', args: [new ErlBitstring(bytes(1, 2, 3, 0x40), 4)], erl: '<<1,2,3,4:4>>' },
  { fn: 'big_and_64', args: [new ErlBitstring(bytes(...Array(9).fill(0xff), 1, 2, 3, 4, 5, 6, 7, 8, 0xe0), 3)], erl: '<<((1 bsl 72) - 1):72,16#0102030405060708:64,7:3>>' },
  { fn: 'big_and_64', args: [bytes(0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 2, 3, 4, 5, 6, 7, 8)], erl: '<<256:72,16#0102030405060708:64>>' },
  { fn: 'big_and_64', args: [bytes(...Array(9).fill(0), 1, 2, 3, 4, 5, 6, 7, 9)], erl: '<<0:72,16#0102030405060709:64>>' },
  { fn: 'native16', args: [bytes(1, 0, 0xff, 0xff)], erl: '<<1,0,255,255>>' },
  { fn: 'native16', args: [bytes(1, 0, 0xff)], erl: '<<1,0,255>>' },
  { fn: 'after_unit', args: [bytes(7, 1, 2)], erl: '<<7,1,2>>' },
  { fn: 'after_unit', args: [new ErlBitstring(bytes(1, 0x40), 3)], erl: '<<1,2:3>>' },
  { fn: 'huge', args: [bytes(1, 2, 3)], erl: '<<1,2,3>>' },
  { fn: 'restart', args: [bytes(1, 255)], erl: '<<1,255>>' },
  { fn: 'restart', args: [bytes(1, 2)], erl: '<<1,2>>' },
  { fn: 'restart', args: [bytes(1)], erl: '<<1>>' },
  { fn: 'many_tails', args: [bytes(5)], erl: '<<5>>' },
  { fn: 'many_tails', args: [bytes()], erl: '<<>>' },
  { fn: 'in_frame', args: [bytes(200, 1, 2)], erl: '<<200,1,2>>' },
  { fn: 'in_frame', args: [new ErlBitstring(bytes(200, 0x80), 1)], erl: '<<200,1:1>>' },
  { fn: 'upd_y', args: [r(atom('a'), new ErlFloat(2.5), text('c'))], erl: '{r,a,2.5,<<"c">>}' },
  { fn: 'loop', args: [bytes(...Array(9).fill(0xab), 0x2a, 0x34, 0x12, 0x63, 0x64), 3000, []], erl: '<<16#ABABABABABABABABAB:72,16#2A,16#34,16#12,"cd">>, 3000, []' },
  { fn: 'loop', args: [bytes(1, 2, 3), 5, []], erl: '<<1,2,3>>, 5, []' },
];

/** erl's value of every case, printed with ~w, from otp26_equiv.erl compiled by OTP 25's erlc. */
function erlValues(): string[] {
  const out = mkdtempSync(join(tmpdir(), 'otp26-equiv-'));
  try {
    execFileSync('erlc', ['-o', out, join(fixtures, 'otp26_equiv.erl')]);
    const calls = CASES.map(({ fn, args, erl }) => `fun() -> otp26_equiv:${fn}(${erl}) end`).join(',\n');
    const expression = `
      lists:foreach(fun(F) ->
          case try {value, F()} catch Class:Reason -> {exception, Class, Reason} end of
              {value, X} -> io:format("VALUE ~w~n", [X]);
              {exception, C, R} -> io:format("VALUE exception ~w:~w~n", [C, R])
          end
      end, [${calls}]),
      halt().`;
    const output = execFileSync('erl', ['-noshell', '-pa', out, '-eval', expression], { cwd: out, maxBuffer: 64 << 20 }).toString();
    return output.split('\n').filter((line) => line.startsWith('VALUE ')).map((line) => line.slice('VALUE '.length));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

for (const gcTorture of [false, true]) {
  describe.skipIf(!erlInstalled)(`update_record and bs_match as erl computes them${gcTorture ? ' (GC torture)' : ''}`, () => {
    let runtime: Runtime;
    let expected: string[];
    beforeAll(async () => {
      expected = erlValues();
      expect(expected).toHaveLength(CASES.length);
      runtime = await Runtime.start({ schedulers: 1, gcTorture, onOutput: () => {} });
      await runtime.loadModule(buildOtp26Module());
    }, 60_000);
    afterAll(async () => {
      expect(await runtime.stop()).toBe(0);
    });

    CASES.forEach(({ fn, erl }, index) => {
      const shown = erl.length > 60 ? `${erl.slice(0, 60)}...` : erl;
      it(`${fn}(${shown})`, { timeout: 60_000 }, async () => {
        const outcome = await runtime.callOutcome('otp26_ops', fn, CASES[index].args);
        const ours = outcome.ok ? runtime.formatValue(outcome.value) : `exception ${runtime.formatValue(outcome.class)}:${runtime.formatValue(outcome.reason)}`;
        expect(ours).toBe(expected[index]);
      });
    });
  });
}

describe('malformed OTP 26 instructions', () => {
  let runtime: Runtime;
  beforeAll(async () => {
    runtime = await Runtime.start({ schedulers: 1, onOutput: () => {} });
  });
  afterAll(async () => {
    expect(await runtime.stop()).toBe(0);
  });

  /** A one-function module whose body is `body`, loaded: the error it is refused with. */
  const refusal = async (body: (fn: ReturnType<ModuleBuilder['function']>) => void): Promise<unknown> => {
    const m = new ModuleBuilder('otp26_bad');
    const fn = m.function('f', 1, { exported: true });
    body(fn);
    fn.emit('return');
    return runtime.loadModule(m.build()).then(
      () => undefined,
      (error: unknown) => error,
    );
  };
  /** The LoadError at the bottom of a load failure. */
  const loadError = (error: unknown): { code: string; chunk?: string; offset: number; detail: string } => {
    let at = error as { cause?: unknown; chunk?: string };
    while (at.chunk === undefined && at.cause !== undefined) at = at.cause as typeof at;
    return at as never;
  };

  it('refuses an unknown bs_match command, naming it, the Code chunk and its offset', async () => {
    const error = await refusal((fn) => fn.emit('bs_start_match4', { label: 0 }, 1, x(0), x(0)).emit('bs_match', { label: 1 }, x(0), [a('ensure_at_least'), 8, 8, a('get_bits'), 1, 8, x(0)]));
    expect(error).toBeDefined();
    const cause = loadError(error);
    expect(cause).toMatchObject({ code: 'badfile', chunk: 'Code', detail: 'unknown bs_match command get_bits' });
    expect(cause.offset).toBeGreaterThan(0);
  });

  it('refuses a bs_match command missing fields', async () => {
    const error = await refusal((fn) => fn.emit('bs_start_match4', { label: 0 }, 1, x(0), x(0)).emit('bs_match', { label: 1 }, x(0), [a('integer'), 1, nil, 8, 1]));
    expect(loadError(error)).toMatchObject({ code: 'badfile', chunk: 'Code', detail: 'bs_match command integer needs 5 fields' });
  });

  it('refuses an update_record whose index is outside the tuple', async () => {
    const error = await refusal((fn) => fn.emit('test_heap', 3, 1).emit('update_record', a('copy'), 2, x(0), x(0), [3, y(0)]));
    expect(loadError(error)).toMatchObject({ code: 'badfile', chunk: 'Code' });
    expect(loadError(error).detail).toMatch(/index 3 is not ascending within the tuple's 2 elements/);
  });
});
