import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readBeam } from '../src/beam-file.js';
import { formatTerm } from '../src/disasm/format-term.js';
import { termToTypedJson } from '../src/disasm/typed-json.js';
import { atomChunk, beamBytes, codeChunk, tripleChunk, u32, utf8 } from './helpers/bytes.js';
import { fixture } from './helpers/fixtures.js';

// Atoms: 1 m, 2 f, 3 erlang, 4 abs, 5 g, 6 ok
const ATOMS = ['m', 'f', 'erlang', 'abs', 'g', 'ok'];
const IMPORTS: Array<[number, number, number]> = [[3, 4, 1]];
const LITERALS = [
  [131, 104, 2, 119, 2, ...utf8('ok'), 97, 7], // {ok,7}
  [131, 70, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0], // 1.5
];

function literalChunk() {
  const table = [...u32(LITERALS.length), ...LITERALS.flatMap((literal) => [...u32(literal.length), ...literal])];
  return { id: 'LitT', data: [...u32(table.length), ...deflateSync(new Uint8Array(table))] };
}

function module(instructions: number[]): Uint8Array {
  return beamBytes([
    atomChunk(ATOMS),
    codeChunk(instructions, 7, 2),
    { id: 'StrT', data: utf8('xyz') },
    tripleChunk('ImpT', IMPORTS),
    tripleChunk('ExpT', [[2, 1, 2], [5, 0, 6]]),
    literalChunk(),
  ]);
}

// f/1: label 1, line 1, func_info m f 1, label 2, bif1 abs, select_val, move literal, move float literal, call g/0, return
// g/0: line 2, label 5, func_info m g 0, label 6, bs_put_string 2 1, return, int_code_end
const CODE = [
  0x01, 0x10, // label 1
  0x99, 0x10, // line 1
  0x02, 0x12, 0x22, 0x10, // func_info a1 a2 u1
  0x01, 0x20, // label 2
  0x0a, 0x05, 0x00, 0x03, 0x03, // bif1 f0 u0(import 0) x0 x0
  0x3b, 0x03, 0x35, 0x17, 0x40, 0x62, 0x45, 0x11, 0x45, // select_val x0 f3 [a6 f4 i1 f4]
  0x40, 0x47, 0x00, 0x03, // move literal 0 -> x0
  0x40, 0x47, 0x10, 0x13, // move literal 1 (a float) -> x1
  0x06, 0x00, 0x65, // call_only 0 f6
  0x13, // return
  0x99, 0x20, // line 2
  0x01, 0x50, // label 5
  0x02, 0x12, 0x52, 0x00, // func_info a1 a5 u0
  0x01, 0x60, // label 6
  0x5c, 0x20, 0x10, // bs_put_string u2 u1
  0x13, // return
  0x03, // int_code_end
];

describe('disassembly of a hand-built module', () => {
  const functions = readBeam(module(CODE)).disassemble();

  it('groups functions as beam_disasm does, with the label/line run in file order', () => {
    expect(functions.map((fn) => [fn.name, fn.arity, fn.entry])).toEqual([
      ['f', 1, 2],
      ['g', 0, 6],
    ]);
    expect(functions[1]!.code.slice(0, 3).map(formatTerm)).toEqual(['{line,2}', '{label,5}', '{func_info,{atom,m},{atom,g},0}']);
  });

  it('resolves atoms, imports, labels, literals and strings', () => {
    expect(functions[0]!.code.map(formatTerm)).toEqual([
      '{label,1}',
      '{line,1}',
      '{func_info,{atom,m},{atom,f},1}',
      '{label,2}',
      '{bif,abs,{f,0},[{x,0}],{x,0}}',
      '{select_val,{x,0},{f,3},{list,[{atom,ok},{f,4},{integer,1},{f,4}]}}',
      '{move,{literal,{ok,7}},{x,0}}',
      '{move,{float,1.5},{x,1}}',
      '{call_only,0,{m,g,0}}',
      'return',
    ]);
    expect(functions[1]!.code.map(formatTerm).slice(4)).toEqual(['{bs_put_string,2,{string,"yz"}}', 'return']);
  });

  it('emits typed JSON that keeps integers exact', () => {
    const tagged = (tag: string, value: string) => ['t', [['a', tag], ['i', value]]];
    const list = ['l', [['t', [['a', 'atom'], ['a', 'ok']]], tagged('f', '4'), tagged('integer', '1'), tagged('f', '4')]];
    expect(termToTypedJson(functions[0]!.code[5]!)).toEqual([
      't',
      [['a', 'select_val'], tagged('x', '0'), tagged('f', '3'), ['t', [['a', 'list'], list]]],
    ]);
  });
});

describe('OTP 26+ opcodes (unknown to OTP 25 beam_disasm)', () => {
  it('shows them generically, with lists as {list,[...]}', () => {
    const code = [
      0x01, 0x10, 0x02, 0x12, 0x22, 0x10, 0x01, 0x20, // label 1, func_info m f 1, label 2
      0xb7, 0x10, 0x20, // executable_line u1 u2
      0xb5, 0x47, 0x00, 0x30, 0x03, 0x13, 0x17, 0x20, 0x20, 0x62, // update_record literal0 u3 x0 x1 [u2 a6]
      0x13, 0x03, // return, int_code_end
    ];
    const [fn] = readBeam(module(code)).disassemble();
    expect(fn!.code.slice(3).map(formatTerm)).toEqual([
      '{executable_line,1,2}',
      '{update_record,{literal,{ok,7}},3,{x,0},{x,1},{list,[2,{atom,ok}]}}',
      'return',
    ]);
  });
});

describe('disassembly errors', () => {
  it('names a bad import index with the instruction offset', () => {
    const bad = CODE.slice();
    bad[12] = 0x50; // bif1 import u5 (only import 0 exists)
    const beam = readBeam(module(bad));
    const codeOffset = beam.chunk('Code')!.dataOffset + 20;
    expect(() => beam.disassemble()).toThrow(expect.objectContaining({ code: 'bad_index', offset: codeOffset + 10, chunk: 'Code' }));
  });

  it('names a call to a label that enters no function', () => {
    const bad = CODE.slice();
    bad[34] = 0x55; // call_only f5 (label 5 comes before g's func_info)
    expect(() => readBeam(module(bad)).disassemble()).toThrow(expect.objectContaining({ code: 'bad_index', chunk: 'Code' }));
  });

  it('refuses code that does not start with a function', () => {
    expect(() => readBeam(module([0x01, 0x10, 0x13, 0x03])).disassemble()).toThrow(expect.objectContaining({ code: 'bad_chunk', chunk: 'Code' }));
    expect(() => readBeam(module([])).disassemble()).toThrow(expect.objectContaining({ code: 'bad_chunk', chunk: 'Code' }));
  });

  it('refuses a string operand beyond StrT', () => {
    const bad = CODE.slice();
    bad[48] = 0x40; // bs_put_string u2 u4
    expect(() => readBeam(module(bad)).disassemble()).toThrow(expect.objectContaining({ code: 'bad_index', chunk: 'Code' }));
  });
});

describe('disassembly of compiled fixtures', () => {
  const instructionNames = (variant: Parameters<typeof fixture>[0]) =>
    new Set(readBeam(fixture(variant, 'fixture_features')).disassemble().flatMap((fn) => fn.instructions.map((instruction) => instruction.name)));

  it('covers the OTP 25 forms (typed registers, bs_create_bin, make_fun3, call_fun2, maps, receive, try)', () => {
    const names = instructionNames('default');
    for (const name of ['bs_create_bin', 'make_fun3', 'call_fun2', 'put_map_assoc', 'put_map_exact', 'get_map_elements', 'loop_rec', 'wait_timeout', 'try', 'select_val', 'select_tuple_arity', 'bs_get_integer2', 'bs_get_utf8', 'fadd', 'init_yregs', 'badrecord', 'build_stacktrace']) {
      expect(names, name).toContain(name);
    }
  });

  it('covers the older forms that +r22/+r23/+r24 still produce', () => {
    expect(instructionNames('r24')).toContain('bs_append');
    expect(instructionNames('r24')).toContain('bs_put_integer');
    expect(instructionNames('r23')).toContain('make_fun2');
    expect(instructionNames('default')).toContain('recv_marker_reserve');
    expect(instructionNames('r24')).toContain('bs_put_utf8');
    expect(instructionNames('r22')).toContain('allocate_zero');
  });

  it('shows typed registers by Type index', () => {
    const text = readBeam(fixture('default', 'fixture_features')).disassemble().flatMap((fn) => fn.code.map(formatTerm)).join('\n');
    expect(text).toMatch(/\{tr,\{x,\d+\},\d+\}/);
  });
});
