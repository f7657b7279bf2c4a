import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeCode } from '../src/code.js';
import { BeamFormatError } from '../src/errors.js';
import { MAX_KNOWN_OPCODE, OPCODES, opcodeByName, opcodeInfo } from '../src/opcodes.js';
import { u32 } from './helpers/bytes.js';

const TSV = join(dirname(fileURLToPath(import.meta.url)), '..', 'scripts', 'beam-opcodes.tsv');

describe('opcode table', () => {
  it('holds every row of beam-opcodes.tsv, unchanged', () => {
    const rows = readFileSync(TSV, 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t'));
    expect(rows.length).toBe(193);
    for (const [opcode, name, arity, introduced, refused, lastEmitted] of rows) {
      const info = opcodeInfo(Number(opcode))!;
      expect(info.name).toBe(name);
      expect(info.arity).toBe(Number(arity));
      expect(info.introducedOtp).toBe(introduced);
      expect(info.refusedFromOtp).toBe(refused === '' || refused === undefined ? null : refused);
      expect(info.lastEmittedOtp).toBe(lastEmitted === '' || lastEmitted === undefined ? null : lastEmitted);
    }
  });

  it('covers 1..193 without holes, and nothing at 0', () => {
    expect(OPCODES[0]).toBeUndefined();
    expect(MAX_KNOWN_OPCODE).toBe(193);
    for (let opcode = 1; opcode <= MAX_KNOWN_OPCODE; opcode++) expect(OPCODES[opcode]?.opcode).toBe(opcode);
  });

  it('knows the OTP 26-28 additions and finds opcodes by name', () => {
    expect(opcodeByName('update_record')).toMatchObject({ opcode: 181, arity: 5, introducedOtp: '26' });
    expect(opcodeByName('bs_match')).toMatchObject({ opcode: 182, arity: 3 });
    expect(opcodeByName('executable_line')).toMatchObject({ opcode: 183, arity: 2, introducedOtp: '27' });
    expect(opcodeByName('debug_line')).toMatchObject({ opcode: 184, arity: 4, introducedOtp: '28' });
    expect(opcodeByName('make_fun2')).toMatchObject({ opcode: 103, refusedFromOtp: '27', lastEmittedOtp: '23' });
  });
});

function code(instructions: number[]): Uint8Array {
  return new Uint8Array([...u32(16), ...u32(0), ...u32(184), ...u32(3), ...u32(1), ...instructions]);
}

describe('code decoding', () => {
  it('decodes instructions with offsets and raw operands', () => {
    const bytes = code([0x01, 0x10, 0x02, 0x12, 0x22, 0x00, 0x01, 0x20, 0x13, 0x03]);
    const { header, instructions } = decodeCode(bytes, 100);
    expect(header).toEqual({ headerSize: 16, format: 0, maxOpcode: 184, labelCount: 3, functionCount: 1 });
    expect(instructions.map((instruction) => [instruction.name, instruction.offset])).toEqual([
      ['label', 120],
      ['func_info', 122],
      ['label', 126],
      ['return', 128],
      ['int_code_end', 129],
    ]);
    expect(instructions[1]!.operands).toEqual([
      { kind: 'a', value: 1 },
      { kind: 'a', value: 2 },
      { kind: 'u', value: 0 },
    ]);
  });

  it('decodes OTP 26-28 opcodes (update_record, bs_match, executable_line, debug_line)', () => {
    const { instructions } = decodeCode(
      code([
        181, 0x47, 0x00, 0x30, 0x03, 0x13, 0x17, 0x20, 0x10, 0x02, // update_record
        182, 0x05, 0x03, 0x17, 0x10, 0x02, // bs_match
        183, 0x10, 0x20, // executable_line
        184, 0x10, 0x20, 0x30, 0x02, // debug_line
      ]),
      0,
    );
    expect(instructions.map((instruction) => instruction.name)).toEqual(['update_record', 'bs_match', 'executable_line', 'debug_line']);
    expect(instructions[0]!.operands[4]).toEqual({ kind: 'list', value: [{ kind: 'u', value: 1 }, { kind: 'a', value: 0 }] });
  });

  it('refuses an unknown opcode with its absolute offset and the chunk', () => {
    for (const opcode of [0, 194, 255]) {
      try {
        decodeCode(code([0x13, opcode, 0x00]), 40);
        throw new Error('no error');
      } catch (error) {
        expect(error).toBeInstanceOf(BeamFormatError);
        expect(error).toMatchObject({ code: 'unknown_opcode', offset: 40 + 20 + 1, chunk: 'Code' });
        expect((error as Error).message).toContain(`opcode ${opcode}`);
      }
    }
  });

  it('refuses a bad operand tag with its absolute offset', () => {
    expect(() => decodeCode(code([0x40, 0x67, 0x03]), 8)).toThrow(
      expect.objectContaining({ code: 'bad_compact_term', offset: 8 + 21, chunk: 'Code' }),
    );
  });

  it('refuses a short header and an unknown instruction set format', () => {
    expect(() => decodeCode(new Uint8Array([...u32(8), ...u32(0), ...u32(0)]), 0)).toThrow(expect.objectContaining({ code: 'bad_chunk' }));
    expect(() => decodeCode(new Uint8Array([...u32(16), ...u32(1), ...u32(0), ...u32(0), ...u32(0)]), 0)).toThrow(
      expect.objectContaining({ code: 'unsupported', offset: 4 }),
    );
    expect(() => decodeCode(new Uint8Array([...u32(16), ...u32(0)]), 0)).toThrow(expect.objectContaining({ code: 'truncated' }));
  });

  it('reports an instruction cut short as truncated', () => {
    expect(() => decodeCode(code([0x40, 0x03]), 0)).toThrow(expect.objectContaining({ code: 'truncated', chunk: 'Code' }));
  });
});
