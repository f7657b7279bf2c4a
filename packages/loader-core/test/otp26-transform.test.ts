/**
 * The transform of OTP 26's update_record/5 and bs_match/3 into the loaded-code words of
 * docs/loaded-code-format.md, and its refusals of malformed operands. The generic operands
 * are laid out as OTP 26's beam_asm writes them (a flat z1 list for bs_match's commands,
 * each command atom followed by its fields); the runtime test
 * (packages/runtime/test/otp26-instructions.test.ts) runs the same instructions.
 */
import { describe, expect, it } from 'vitest';
import { encodeCodeChunk, InstructionReader, opcodeByName, type EncodableInstruction } from '@beamload/beam-format';
import { makeAtom, makeSmall } from '@beamload/terms';
import {
  BsMatchCommand,
  CODE_HEADER_CODE_OFFSET,
  CODE_HEADER_CODE_WORDS,
  INSTRUCTIONS,
  LoadError,
  UpdateRecordMode,
  instructionWords,
  transformCode,
  type CodeEnv,
  type CodeInput,
} from '../src/index.js';

type Operand = EncodableInstruction['operands'][number];

const ATOMS = ['', 'm', 'copy', 'reuse', 'inplace', 'some_future_hint', 'ensure_at_least', 'ensure_exactly', 'integer', 'binary', 'skip', 'get_tail', '=:=', 'bogus'];
const atomIndex = (name: string): number => {
  const index = ATOMS.indexOf(name);
  if (index < 1) throw new Error(`test atom ${name}`);
  return index;
};

const a = (name: string): Operand => ({ kind: 'a', value: atomIndex(name) });
const u = (value: number | bigint): Operand => ({ kind: 'u', value });
const xr = (index: number): Operand => ({ kind: 'x', value: index });
const yr = (index: number): Operand => ({ kind: 'y', value: index });
const f = (label: number): Operand => ({ kind: 'f', value: label });
const nil: Operand = { kind: 'a', value: 0 };
const list = (...items: Operand[]): Operand => ({ kind: 'list', value: items });
const literal = (index: number): Operand => ({ kind: 'literal', value: index });
const op = (name: string, ...operands: Operand[]): EncodableInstruction => ({ opcode: opcodeByName(name)!.opcode, operands });

/** Literal 0 is [little], 1 is [signed,little], 2 is [native], 3 is [unsigned,big], 4 is [nonsense], 5 is not an atom list. */
const LITERAL_ATOM_LISTS: ReadonlyArray<readonly string[] | undefined> = [['little'], ['signed', 'little'], ['native'], ['unsigned', 'big'], ['nonsense'], undefined];

const env: CodeEnv = {
  atom: (name) => makeAtom(ATOMS.indexOf(name) + 100),
  literal: (index) => ((0x100000 + index) << 2) | 2,
  literalAtomList: (index) => LITERAL_ATOM_LISTS[index],
  integerLiteral: () => (0x200000 << 2) | 2,
  exportEntry: () => 1000,
  bifNumber: () => -1,
};

/** Register words (operand-words.ts): x index << 6; y index << 6 | 4. */
const X = (index: number): number => index << 6;
const Y = (index: number): number => (index << 6) | (1 << 2);

/** The instructions, in a module where label 1 exists: `label 1` comes after them. */
function input(instructions: EncodableInstruction[]): CodeInput {
  const all = [...instructions, op('label', u(1)), op('int_code_end')];
  const code = new InstructionReader(encodeCodeChunk({ maxOpcode: 182, labelCount: 2, functionCount: 0 }, all), 0);
  return { atoms: ATOMS, labelCount: 2, functionCount: 0, code, imports: [], exports: [], lambdas: [], strings: new Uint8Array(0) };
}

/** Each emitted instruction as [name, ...operand words], labels given as the label's address. */
function emitted(instructions: EncodableInstruction[]): Array<[string, ...number[]]> {
  const code = transformCode(input(instructions), env);
  const start = code.words[CODE_HEADER_CODE_OFFSET];
  const result: Array<[string, ...number[]]> = [];
  for (let pc = start; pc < start + code.words[CODE_HEADER_CODE_WORDS]; pc += instructionWords(code.words, pc)) {
    result.push([INSTRUCTIONS[code.words[pc]].name, ...code.words.subarray(pc + 1, pc + instructionWords(code.words, pc))]);
  }
  return result;
}

/** Address of label 1 in the transformed code: the int_code_end right after the instruction. */
function labelAddress(instructions: EncodableInstruction[]): number {
  const code = transformCode(input(instructions), env);
  const start = code.words[CODE_HEADER_CODE_OFFSET];
  return start + code.words[CODE_HEADER_CODE_WORDS] - 1;
}

/** The LoadError transforming `instruction` throws: Code chunk, at the instruction's offset (20, after the chunk header). */
function refusal(instruction: EncodableInstruction): LoadError {
  try {
    transformCode(input([instruction]), env);
  } catch (error) {
    expect(error).toBeInstanceOf(LoadError);
    const loadError = error as LoadError;
    expect(loadError.code).toBe('badfile');
    expect(loadError.chunk).toBe('Code');
    expect(loadError.offset).toBe(20);
    return loadError;
  }
  throw new Error('the transform accepted it');
}

describe('update_record/5 (OTP 26)', () => {
  it('keeps Size, Src, Dst and the 1-based index/value pairs; the hint becomes a mode', () => {
    const updates = list(u(2), { kind: 'i', value: 1 }, u(4), xr(1));
    const expected = (mode: number): Array<[string, ...number[]]> => [
      ['update_record', mode, 4, X(0), Y(2), 4, 2, makeSmall(1), 4, X(1)],
      ['int_code_end'],
    ];
    expect(emitted([op('update_record', a('copy'), u(4), xr(0), yr(2), updates)])).toEqual(expected(UpdateRecordMode.copy));
    expect(emitted([op('update_record', a('reuse'), u(4), xr(0), yr(2), updates)])).toEqual(expected(UpdateRecordMode.reuse));
    // inplace and hints added later copy: genop.tab lets an implementation ignore hints.
    expect(emitted([op('update_record', a('inplace'), u(4), xr(0), yr(2), updates)])).toEqual(expected(UpdateRecordMode.copy));
    expect(emitted([op('update_record', a('some_future_hint'), u(4), xr(0), yr(2), updates)])).toEqual(expected(UpdateRecordMode.copy));
  });

  it('takes a literal tuple as Src', () => {
    expect(emitted([op('update_record', a('copy'), u(3), literal(7), xr(0), list(u(1), xr(0)))])[0]).toEqual(['update_record', UpdateRecordMode.copy, 3, ((0x100000 + 7) << 2) | 2, X(0), 2, 1, X(0)]);
  });

  it('refuses malformed operands with a badfile at the instruction', () => {
    expect(refusal(op('update_record', u(0), u(4), xr(0), xr(0), list(u(2), xr(1)))).detail).toMatch(/hint is not an atom/);
    expect(refusal(op('update_record', a('copy'), u(4), xr(0), xr(0), list(u(2), xr(1), u(3)))).detail).toMatch(/update list of 3 operands/);
    expect(refusal(op('update_record', a('copy'), u(4), xr(0), xr(0), list())).detail).toMatch(/update list of 0 operands/);
    expect(refusal(op('update_record', a('copy'), u(4), xr(0), xr(0), list(u(5), xr(1)))).detail).toMatch(/index 5 is not ascending within the tuple's 4 elements/);
    expect(refusal(op('update_record', a('copy'), u(4), xr(0), xr(0), list(u(0), xr(1)))).detail).toMatch(/index 0/);
    expect(refusal(op('update_record', a('copy'), u(4), xr(0), xr(0), list(u(3), xr(1), u(2), xr(2)))).detail).toMatch(/index 2 is not ascending/);
    expect(refusal(op('update_record', a('copy'), u(4), xr(0), { kind: 'i', value: 3 }, list(u(2), xr(1)))).detail).toMatch(/expected a register/);
  });
});

describe('bs_match/3 (OTP 26)', () => {
  it('turns every command into its BsMatchCommand words, sizes in bits', () => {
    const commands = list(
      a('ensure_at_least'), u(3), u(8), // Size Unit
      a('ensure_exactly'), u(40), // Size
      a('integer'), u(1), literal(1), u(2), u(8), xr(1), // Live Flags Size Unit Dst
      a('integer'), u(2), nil, u(3), u(1), yr(0),
      a('binary'), u(2), nil, u(2), u(8), xr(2),
      a('skip'), u(5),
      a('=:='), nil, u(24), u(0x616263),
      a('=:='), nil, u(64), u(0x0102030405060708n),
      a('get_tail'), u(3), u(8), xr(0),
    );
    const instructions = [op('bs_match', f(1), xr(0), commands)];
    const fail = labelAddress(instructions);
    const words = [
      BsMatchCommand.ensure_at_least, 3, 8,
      BsMatchCommand.ensure_exactly, 40,
      BsMatchCommand.integer, 1, 2 | 4, 16, X(1),
      BsMatchCommand.integer, 2, 0, 3, Y(0),
      BsMatchCommand.binary, 2, 16, X(2),
      BsMatchCommand.skip, 5,
      BsMatchCommand.equal, 24, 0, 0x616263,
      BsMatchCommand.equal, 64, 0x01020304, 0x05060708,
      BsMatchCommand.get_tail, 3, X(0),
    ];
    expect(emitted(instructions)).toEqual([['bs_match', fail, X(0), words.length, ...words], ['int_code_end']]);
  });

  it('reads native as little endian and ignores big/unsigned', () => {
    const flagsOf = (flags: Operand): number => {
      const [first] = emitted([op('bs_match', f(1), xr(0), list(a('integer'), u(1), flags, u(16), u(1), xr(1)))]);
      return first[6];
    };
    expect(flagsOf(literal(0))).toBe(2);
    expect(flagsOf(literal(2))).toBe(2);
    expect(flagsOf(literal(3))).toBe(0);
    expect(flagsOf(nil)).toBe(0);
  });

  it('takes a typed register (OTP 25+ z5) as the context', () => {
    const typed: Operand = { kind: 'tr', value: { kind: 'x', value: 2 }, typeIndex: 1 };
    const [first] = emitted([op('bs_match', f(1), typed, list(a('skip'), u(8)))]);
    expect(first.slice(2)).toEqual([X(2), 2, BsMatchCommand.skip, 8]);
  });

  it('keeps a 64-bit value whose high word has the sign bit set', () => {
    const [first] = emitted([op('bs_match', f(1), xr(0), list(a('=:='), nil, u(64), u(0xfedcba9876543210n)))]);
    expect(first.slice(4)).toEqual([BsMatchCommand.equal, 64, 0xfedcba98 | 0, 0x76543210]);
  });

  it('becomes a jump to Fail when a size is beyond any bitstring (32-bit bit counts), as ERTS does with an overflowing size', () => {
    const huge = [op('bs_match', f(1), xr(0), list(a('ensure_at_least'), u(1n << 40n), u(8), a('binary'), u(1), nil, u(1n << 37n), u(8), xr(1)))];
    expect(emitted(huge)).toEqual([['jump', labelAddress(huge)], ['int_code_end']]);
    // 2^29 units of 8 bits is 2^32 bits: one more than a bit count holds.
    const product = [op('bs_match', f(1), xr(0), list(a('ensure_exactly'), u(8), a('integer'), u(1), nil, u(1 << 29), u(8), xr(1)))];
    expect(emitted(product)).toEqual([['jump', labelAddress(product)], ['int_code_end']]);
    const largest = [op('bs_match', f(1), xr(0), list(a('skip'), u(0xffffffff)))];
    expect(emitted(largest)[0].slice(0, 1)).toEqual(['bs_match']);
  });

  it('refuses unknown commands, missing fields and bad operands with a badfile at the instruction', () => {
    const bsMatch = (...commands: Operand[]) => op('bs_match', f(1), xr(0), list(...commands));
    expect(refusal(bsMatch(a('bogus'), u(8))).detail).toBe('unknown bs_match command bogus');
    expect(refusal(bsMatch(u(8))).detail).toMatch(/command is not an atom but u/);
    expect(refusal(bsMatch(a('ensure_at_least'), u(8))).detail).toBe('bs_match command ensure_at_least needs 2 fields');
    expect(refusal(bsMatch(a('skip'), u(8), a('integer'), u(1), nil, u(8), u(1))).detail).toBe('bs_match command integer needs 5 fields');
    expect(refusal(bsMatch(a('get_tail'), u(1), u(8))).detail).toBe('bs_match command get_tail needs 3 fields');
    expect(refusal(bsMatch(a('integer'), u(1), literal(4), u(8), u(1), xr(1))).detail).toBe('unknown bs_match flag nonsense');
    expect(refusal(bsMatch(a('integer'), u(1), literal(5), u(8), u(1), xr(1))).detail).toMatch(/flags literal is not a list of atoms/);
    expect(refusal(bsMatch(a('integer'), u(1), u(2), u(8), u(1), xr(1))).detail).toMatch(/flags are not nil or a literal/);
    expect(refusal(bsMatch(a('binary'), u(1), nil, u(8), u(1), u(3))).detail).toMatch(/expected a register/);
    expect(refusal(bsMatch(a('=:='), nil, u(72), u(1))).detail).toMatch(/'=:=' of 72 bits/);
    expect(refusal(bsMatch(a('=:='), nil, u(8), xr(1))).detail).toMatch(/value is not an integer/);
    expect(refusal(bsMatch(a('ensure_at_least'), u(8), u(0))).detail).toMatch(/unit 0/);
    expect(refusal(op('bs_match', f(0), xr(0), list(a('skip'), u(8)))).detail).toBe('bs_match without a fail label');
    expect(refusal(op('bs_match', f(1), { kind: 'i', value: 1 }, list(a('skip'), u(8)))).detail).toMatch(/context is not a register/);
    expect(refusal(op('bs_match', f(1), xr(0), u(3))).detail).toMatch(/expected a list operand/);
  });
});
