import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeCodeChunk, InstructionReader, opcodeByName, readBeam, type BeamFile, type EncodableInstruction } from '@beamload/beam-format';
import { makeAtom, makeSmall, NIL } from '@beamload/terms';
import {
  CODE_HEADER_CODE_OFFSET,
  CODE_HEADER_CODE_WORDS,
  CODE_HEADER_FUNCTIONS_COUNT,
  INSTRUCTIONS,
  LoadError,
  instructionWords,
  transformCode,
  transformCodeInSlices,
  writeCodeArea,
  type CodeEnv,
  type CodeInput,
} from '../src/index.js';

/** The same CodeInput the loader builds, from a parsed file. */
function codeInput(beam: BeamFile): CodeInput {
  const atoms = ['', ...beam.atoms];
  const atomIndex = new Map<string, number>();
  atoms.forEach((name, index) => {
    if (index > 0 && !atomIndex.has(name)) atomIndex.set(name, index);
  });
  const indexOf = (name: string): number => atomIndex.get(name) ?? 0;
  const lines = beam.lines;
  return {
    atoms,
    labelCount: beam.code.header.labelCount,
    functionCount: beam.code.header.functionCount,
    code: new InstructionReader(beam.chunk('Code')!.data, beam.chunk('Code')!.dataOffset),
    imports: beam.imports.map((entry) => ({ module: indexOf(entry.module), function: indexOf(entry.name), arity: entry.arity })),
    exports: beam.exports.map((entry) => ({ function: indexOf(entry.name), arity: entry.arity, label: entry.label })),
    lambdas: (beam.funs ?? []).map((fun) => ({ function: indexOf(fun.name), arity: fun.arity, label: fun.label, index: fun.index, numFree: fun.numFree, oldUniq: fun.oldUniq })),
    strings: beam.strings,
    lines: lines !== null && 'items' in lines ? { items: lines.items, files: [`${beam.module}.erl`, ...lines.fileNames] } : undefined,
  };
}

/** The instruction stream of a Code chunk holding `instructions` (offsets relative to the chunk data). */
function codeStream(labelCount: number, instructions: EncodableInstruction[]): InstructionReader {
  return new InstructionReader(encodeCodeChunk({ maxOpcode: 178, labelCount, functionCount: 0 }, instructions), 0);
}

/** A module with no tables: only `instructions` (and the atoms given). */
function bareInput(labelCount: number, instructions: EncodableInstruction[], atoms: string[] = ['', 'm']): CodeInput {
  return { atoms, labelCount, functionCount: 0, code: codeStream(labelCount, instructions), imports: [], exports: [], lambdas: [], strings: new Uint8Array(0) };
}

/** An environment that resolves every operand to a distinct, recognisable word. */
function recordingEnv(bifs: ReadonlySet<string> = new Set()): CodeEnv & { exports: Map<string, number> } {
  const atoms = new Map<string, number>();
  const exports = new Map<string, number>();
  const bifList = [...bifs];
  return {
    exports,
    atom: (name) => {
      if (!atoms.has(name)) atoms.set(name, atoms.size);
      return makeAtom(atoms.get(name)!);
    },
    literal: (index) => ((0x100000 + index) << 2) | 2,
    literalAtomList: () => [],
    integerLiteral: () => (0x200000 << 2) | 2,
    exportEntry: (m, f, a) => {
      const key = `${m}:${f}/${a}`;
      if (!exports.has(key)) exports.set(key, 1000 + exports.size * 8);
      return exports.get(key)!;
    },
    bifNumber: (m, f, a) => bifList.indexOf(`${m}:${f}/${a}`),
  };
}

/** Generic opcodes by name, for hand-built instruction streams. */
const GENERIC = new Proxy({} as Record<string, number>, { get: (_, name: string) => opcodeByName(name)!.opcode });
const x = (index: number): number => index << 6;
const y = (index: number): number => (index << 6) | (1 << 2);

/** The code region as [name, operand words...] per instruction. */
function emitted(words: Int32Array): Array<[string, ...number[]]> {
  const start = words[CODE_HEADER_CODE_OFFSET];
  const result: Array<[string, ...number[]]> = [];
  for (let pc = start; pc < start + words[CODE_HEADER_CODE_WORDS]; pc += instructionWords(words, pc)) {
    result.push([INSTRUCTIONS[words[pc]].name, ...words.subarray(pc + 1, pc + instructionWords(words, pc))]);
  }
  return result;
}

/** Walks the code region instruction by instruction: every word must be a known opcode or an operand. */
function walkCode(words: Int32Array): number {
  let pc = words[CODE_HEADER_CODE_OFFSET];
  const end = pc + words[CODE_HEADER_CODE_WORDS];
  let count = 0;
  while (pc < end) {
    expect(INSTRUCTIONS[words[pc]]).toBeDefined();
    pc += instructionWords(words, pc);
    count++;
  }
  expect(pc).toBe(end);
  return count;
}

const erlAvailable = (() => {
  try {
    execFileSync('erl', ['-noshell', '-eval', 'halt().'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const requireOtp = process.env.BEAMLOAD_REQUIRE_OTP === '1';
const otpRoot = erlAvailable ? execFileSync('erl', ['-noshell', '-eval', 'io:format("~s",[code:root_dir()]), halt().']).toString() : '';

function otpBeams(): string[] {
  const files: string[] = [];
  const lib = join(otpRoot, 'lib');
  for (const app of readdirSync(lib)) {
    const ebin = join(lib, app, 'ebin');
    if (!existsSync(ebin)) continue;
    for (const file of readdirSync(ebin)) if (file.endsWith('.beam')) files.push(join(ebin, file));
  }
  return files;
}

describe('transformCode', () => {
  it.skipIf(!erlAvailable && !requireOtp)('transforms every .beam of the installed OTP into a walkable code area', async () => {
    const files = otpBeams();
    expect(files.length).toBeGreaterThan(100);
    let transformed = 0;
    const failures: string[] = [];
    for (const [index, file] of files.entries()) {
      // Vitest's worker RPC times out when a test holds the event loop for 60 s.
      if (index % 50 === 0) await new Promise((resolve) => setImmediate(resolve));
      try {
        const beam = readBeam(readFileSync(file));
        const code = transformCode(codeInput(beam), recordingEnv());
        walkCode(code.words);
        transformed++;
      } catch (error) {
        failures.push(`${file}: ${(error as Error).message}`);
      }
    }
    console.log(`code-transform: ${files.length} files, ${transformed} transformed`);
    expect(failures).toEqual([]);
  });

  it.skipIf(!erlAvailable && !requireOtp)('relocates labels, funs and strings to absolute addresses', () => {
    const listsFile = otpBeams().find((file) => file.endsWith('/lists.beam'))!;
    const beam = readBeam(readFileSync(listsFile));
    const code = transformCode(codeInput(beam), recordingEnv(new Set(['lists:reverse/2'])));
    const base = 4096;
    const memory = new Int32Array(base + code.words.length);
    writeCodeArea(code, memory, base);
    for (const position of code.codeRelocations) {
      const address = memory[base + position];
      expect(address).toBeGreaterThanOrEqual(base);
      expect(address).toBeLessThan(base + code.words.length);
    }
    expect(memory[base + CODE_HEADER_FUNCTIONS_COUNT]).toBe(beam.code.header.functionCount);
  });

  it('in slices gives the same words, and records exactly the export-entry operands', () => {
    for (const release of ['default', 'r22', 'r23', 'r24']) {
      for (const module of ['lf_binary', 'lf_control', 'lf_data']) {
        const beam = readBeam(readFileSync(join(__dirname, '..', 'fixtures', 'otp-forms', `build-${release}`, `${module}.beam`)));
        const whole = transformCode(codeInput(beam), recordingEnv(new Set(['erlang:element/2'])));
        const steps = transformCodeInSlices(codeInput(beam), recordingEnv(new Set(['erlang:element/2'])), 5);
        let slices = 0;
        let next = steps.next();
        for (; !next.done; next = steps.next()) slices++;
        expect(slices).toBeGreaterThanOrEqual(Math.floor(beam.code.instructions.length / 5));
        expect(next.value.words).toEqual(whole.words);
        expect(next.value.exportReferences).toEqual(whole.exportReferences);
        // The recording env hands out export entries 1000 + 8k: every recorded position
        // holds one (as is, or -1 - it for a BIF the runtime lacks).
        expect(whole.exportReferences.length).toBeGreaterThan(0);
        for (const position of whole.exportReferences) {
          const word = whole.words[position];
          const entry = word >= 0 ? word : -1 - word;
          expect(entry >= 1000 && (entry - 1000) % 8 === 0).toBe(true);
        }
      }
    }
  });

  it('refuses an unknown instruction with a badfile naming it', () => {
    // The instruction starts after the 20-byte chunk header.
    const input = bareInput(2, [{ opcode: 54, operands: [{ kind: 'f', value: 1 }, { kind: 'x', value: 0 }] }]);
    try {
      transformCode(input, recordingEnv());
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(LoadError);
      expect((error as LoadError).code).toBe('badfile');
      expect((error as LoadError).detail).toContain('is_constant/2');
      expect((error as LoadError).offset).toBe(20);
    }
  });

  it('refuses a label that is used but never defined', () => {
    const input = bareInput(3, [
      { opcode: 61, operands: [{ kind: 'f', value: 2 }] },
      { opcode: 3, operands: [] },
    ]);
    expect(() => transformCode(input, recordingEnv())).toThrow(/label 2 is used but never defined/);
  });

  it('translates allocate_heap_zero (OTP 23 and older) as allocate_heap', () => {
    const input = bareInput(1, [
      // allocate_heap_zero 2 {alloc,[{words,3},{floats,1}]} 1
      { opcode: 15, operands: [{ kind: 'u', value: 2 }, { kind: 'alloc', value: [{ kind: 'words', count: 3 }, { kind: 'floats', count: 1 }] }, { kind: 'u', value: 1 }] },
      { opcode: 3, operands: [] },
    ]);
    const code = transformCode(input, recordingEnv());
    const start = code.words[CODE_HEADER_CODE_OFFSET];
    expect(INSTRUCTIONS[code.words[start]].name).toBe('allocate_heap');
    expect([...code.words.subarray(start + 1, start + 4)]).toEqual([2, 3 + 3, 1]);
  });

  it('keeps the receive markers: recv_marker_* with their operands, recv_mark/recv_set without the label', () => {
    const x0 = 0 << 6;
    const y1 = (1 << 6) | (1 << 2);
    const input = bareInput(2, [
      { opcode: 175, operands: [{ kind: 'y', value: 1 }] }, // recv_marker_reserve y1
      { opcode: 173, operands: [{ kind: 'y', value: 1 }, { kind: 'x', value: 0 }] }, // recv_marker_bind y1 x0
      { opcode: 176, operands: [{ kind: 'x', value: 0 }] }, // recv_marker_use x0
      { opcode: 174, operands: [{ kind: 'x', value: 0 }] }, // recv_marker_clear x0
      { opcode: 150, operands: [{ kind: 'f', value: 1 }] }, // recv_mark {f,1}
      { opcode: 151, operands: [{ kind: 'f', value: 1 }] }, // recv_set {f,1}
      { opcode: 1, operands: [{ kind: 'u', value: 1 }] }, // label 1
      { opcode: 3, operands: [] },
    ]);
    const code = transformCode(input, recordingEnv());
    const start = code.words[CODE_HEADER_CODE_OFFSET];
    const emitted: Array<[string, ...number[]]> = [];
    for (let pc = start; pc < start + code.words[CODE_HEADER_CODE_WORDS]; pc += instructionWords(code.words, pc)) {
      const words = [...code.words.subarray(pc + 1, pc + instructionWords(code.words, pc))];
      emitted.push([INSTRUCTIONS[code.words[pc]].name, ...words]);
    }
    expect(emitted).toEqual([
      ['recv_marker_reserve', y1],
      ['recv_marker_bind', y1, x0],
      ['recv_marker_use', x0],
      ['recv_marker_clear', x0],
      ['recv_mark'],
      ['recv_set'],
      ['int_code_end'],
    ]);
  });

  it('specializes moves and keeps immediates as term words', () => {
    const input = bareInput(2, [
      { opcode: 64, operands: [{ kind: 'i', value: 42 }, { kind: 'x', value: 3 }] },
      // A label between two moves keeps them apart (no move2).
      { opcode: 1, operands: [{ kind: 'u', value: 1 }] },
      { opcode: 64, operands: [{ kind: 'x', value: 1 }, { kind: 'x', value: 2 }] },
      { opcode: 3, operands: [] },
    ], ['', 'm', 'ok']);
    const code = transformCode(input, recordingEnv());
    const start = code.words[CODE_HEADER_CODE_OFFSET];
    expect(INSTRUCTIONS[code.words[start]].name).toBe('move_cx');
    expect(code.words[start + 1]).toBe(makeSmall(42));
    expect(code.words[start + 2]).toBe(3);
    expect(INSTRUCTIONS[code.words[start + 3]].name).toBe('move_xx');
    expect(walkCode(code.words)).toBe(3);
  });

  it('fuses adjacent pairs into superinstructions, never across a label or a line entry', () => {
    const label = (n: number) => ({ opcode: GENERIC.label, operands: [{ kind: 'u' as const, value: n }] });
    const line = (item: number) => ({ opcode: GENERIC.line, operands: [{ kind: 'u' as const, value: item }] });
    const input: CodeInput = {
      ...bareInput(3, [
        label(1),
        { opcode: GENERIC.move, operands: [{ kind: 'i', value: 42 }, { kind: 'y', value: 0 }] },
        { opcode: GENERIC.move, operands: [{ kind: 'x', value: 1 }, { kind: 'x', value: 0 }] },
        { opcode: GENERIC.move, operands: [{ kind: 'y', value: 2 }, { kind: 'x', value: 1 }] },
        { opcode: GENERIC.is_nonempty_list, operands: [{ kind: 'f', value: 1 }, { kind: 'x', value: 0 }] },
        { opcode: GENERIC.allocate, operands: [{ kind: 'u', value: 1 }, { kind: 'u', value: 2 }] },
        { opcode: GENERIC.test_heap, operands: [{ kind: 'u', value: 2 }, { kind: 'u', value: 1 }] },
        { opcode: GENERIC.put_list, operands: [{ kind: 'y', value: 0 }, { kind: 'a', value: 0 }, { kind: 'x', value: 1 }] },
        { opcode: GENERIC.deallocate, operands: [{ kind: 'u', value: 1 }] },
        { opcode: GENERIC.return, operands: [] },
        // Not fused: a label, then a line entry, between the two.
        { opcode: GENERIC.deallocate, operands: [{ kind: 'u', value: 2 }] },
        label(2),
        { opcode: GENERIC.return, operands: [] },
        { opcode: GENERIC.test_heap, operands: [{ kind: 'u', value: 2 }, { kind: 'u', value: 1 }] },
        line(1),
        { opcode: GENERIC.put_list, operands: [{ kind: 'x', value: 0 }, { kind: 'a', value: 0 }, { kind: 'x', value: 0 }] },
        // Two moves and the call they set up.
        { opcode: GENERIC.move, operands: [{ kind: 'x', value: 0 }, { kind: 'y', value: 1 }] },
        { opcode: GENERIC.move, operands: [{ kind: 'x', value: 1 }, { kind: 'x', value: 0 }] },
        { opcode: GENERIC.call, operands: [{ kind: 'u', value: 1 }, { kind: 'f', value: 1 }] },
        { opcode: GENERIC.int_code_end, operands: [] },
      ]),
      lines: { items: [{ file: 0, line: 0 }, { file: 0, line: 7 }], files: ['m.erl'] },
    };
    const code = transformCode(input, recordingEnv());
    const start = code.words[CODE_HEADER_CODE_OFFSET];
    expect(emitted(code.words)).toEqual([
      ['move2', makeSmall(42), y(0), x(1), x(0)],
      ['move_yx', 2, 1],
      ['is_nonempty_list_allocate', start, x(0), 1, 2],
      ['test_heap_put_list_deallocate_return', 2, 1, y(0), NIL, x(1), 1],
      ['deallocate', 2],
      ['return'],
      ['test_heap', 2, 1],
      ['put_list', x(0), NIL, x(0)],
      ['move2_call', x(0), y(1), x(1), x(0), 1, start],
      ['int_code_end'],
    ]);
  });

  it('turns select_val over dense small integers into a jump table, and + and - into their own gc_bif', () => {
    const label = (n: number) => ({ opcode: GENERIC.label, operands: [{ kind: 'u' as const, value: n }] });
    const ret = { opcode: GENERIC.return, operands: [] };
    const select = (values: Array<{ kind: 'i' | 'a'; value: number }>) => ({
      opcode: GENERIC.select_val,
      operands: [{ kind: 'x' as const, value: 0 }, { kind: 'f' as const, value: 1 }, { kind: 'list' as const, value: values.flatMap((value, i) => [value, { kind: 'f' as const, value: 2 + i }]) }],
    });
    const gcBif2 = (importIndex: number) => ({
      opcode: GENERIC.gc_bif2,
      operands: [{ kind: 'f' as const, value: 0 }, { kind: 'u' as const, value: 1 }, { kind: 'u' as const, value: importIndex }, { kind: 'x' as const, value: 0 }, { kind: 'i' as const, value: 1 }, { kind: 'x' as const, value: 0 }],
    });
    const input: CodeInput = {
      ...bareInput(5, [
        // -1 and 1, a hole at 0, and a repeated 1 (the first label wins).
        select([{ kind: 'i', value: -1 }, { kind: 'i', value: 1 }, { kind: 'i', value: 1 }]),
        // Too sparse for a table, and atoms: kept as select_val.
        select([{ kind: 'i', value: 0 }, { kind: 'i', value: 1000 }]),
        select([{ kind: 'a', value: 1 }, { kind: 'a', value: 2 }]),
        gcBif2(0),
        gcBif2(1),
        gcBif2(2),
        label(1),
        ret,
        label(2),
        ret,
        label(3),
        ret,
        label(4),
        ret,
        { opcode: GENERIC.int_code_end, operands: [] },
      ], ['', 'm', 'erlang', '+', '-', '*']),
      imports: [
        { module: 2, function: 3, arity: 2 },
        { module: 2, function: 4, arity: 2 },
        { module: 2, function: 5, arity: 2 },
      ],
    };
    const code = transformCode(input, recordingEnv(new Set(['erlang:+/2', 'erlang:-/2', 'erlang:*/2'])));
    const names = emitted(code.words).map(([name]) => name);
    expect(names.slice(0, 6)).toEqual(['select_val_table', 'select_val', 'select_val', 'gc_bif_plus', 'gc_bif_minus', 'gc_bif2']);
    const table = emitted(code.words)[0];
    const returns = names.indexOf('return');
    const returnAt = (i: number): number => {
      let pc = code.words[CODE_HEADER_CODE_OFFSET];
      for (let k = 0; k < returns + i; k++) pc += instructionWords(code.words, pc);
      return pc;
    };
    // Source, fail, min (-1 as a small), count 3, labels for -1, 0 (a hole: fail), 1.
    expect(table).toEqual(['select_val_table', x(0), returnAt(0), makeSmall(-1), 3, returnAt(1), returnAt(0), returnAt(2)]);
    expect(walkCode(code.words)).toBe(11);
  });
  it('folds arithmetic into the frame instructions around it, never across a label or a line entry', () => {
    const label = (n: number) => ({ opcode: GENERIC.label, operands: [{ kind: 'u' as const, value: n }] });
    const line = (item: number) => ({ opcode: GENERIC.line, operands: [{ kind: 'u' as const, value: item }] });
    const ret = { opcode: GENERIC.return, operands: [] };
    const deallocate = (n: number) => ({ opcode: GENERIC.deallocate, operands: [{ kind: 'u' as const, value: n }] });
    const allocate = { opcode: GENERIC.allocate, operands: [{ kind: 'u' as const, value: 1 }, { kind: 'u' as const, value: 2 }] };
    const gcBif2 = (importIndex: number) => ({
      opcode: GENERIC.gc_bif2,
      operands: [{ kind: 'f' as const, value: 0 }, { kind: 'u' as const, value: 1 }, { kind: 'u' as const, value: importIndex }, { kind: 'x' as const, value: 0 }, { kind: 'i' as const, value: 1 }, { kind: 'x' as const, value: 1 }],
    });
    const isNonemptyList = { opcode: GENERIC.is_nonempty_list, operands: [{ kind: 'f' as const, value: 1 }, { kind: 'x' as const, value: 0 }] };
    const getList = { opcode: GENERIC.get_list, operands: [{ kind: 'x' as const, value: 0 }, { kind: 'y' as const, value: 0 }, { kind: 'x' as const, value: 0 }] };
    const input: CodeInput = {
      ...bareInput(5, [
        label(1),
        // fib(N) -> fib(N - 1) + ...: the argument, then the frame.
        gcBif2(1),
        allocate,
        // ... + fib(N - 2): the sum, the frame's end and the return.
        gcBif2(0),
        deallocate(1),
        ret,
        // [H | T] clause heads, with and without a frame.
        isNonemptyList,
        allocate,
        getList,
        isNonemptyList,
        getList,
        // A line entry between the sum and the deallocate: only the last two merge.
        gcBif2(0),
        line(1),
        deallocate(1),
        ret,
        // A label between the deallocate and the return: nothing merges.
        gcBif2(1),
        deallocate(2),
        label(2),
        ret,
        // A line entry between the test and the get_list.
        isNonemptyList,
        line(1),
        getList,
        { opcode: GENERIC.int_code_end, operands: [] },
      ], ['', 'm', 'erlang', '+', '-']),
      imports: [
        { module: 2, function: 3, arity: 2 },
        { module: 2, function: 4, arity: 2 },
      ],
      lines: { items: [{ file: 0, line: 0 }, { file: 0, line: 7 }], files: ['m.erl'] },
    };
    const code = transformCode(input, recordingEnv(new Set(['erlang:+/2', 'erlang:-/2'])));
    const start = code.words[CODE_HEADER_CODE_OFFSET];
    const plus = code.words[start + 3 + 9];
    const minus = code.words[start + 3];
    const arithmetic = [x(0), makeSmall(1), x(1)];
    expect(emitted(code.words)).toEqual([
      ['gc_bif_minus_allocate', 0, 1, minus, ...arithmetic, 1, 2],
      ['gc_bif_plus_deallocate_return', 0, 1, plus, ...arithmetic, 1],
      // A list head is not fused with its get_list: no measurable gain (nrev).
      ['is_nonempty_list_allocate', start, x(0), 1, 2],
      ['get_list', x(0), y(0), x(0)],
      ['is_nonempty_list', start, x(0)],
      ['get_list', x(0), y(0), x(0)],
      ['gc_bif_plus', 0, 1, plus, ...arithmetic],
      ['deallocate_return', 1],
      ['gc_bif_minus', 0, 1, minus, ...arithmetic],
      ['deallocate', 2],
      ['return'],
      ['is_nonempty_list', start, x(0)],
      ['get_list', x(0), y(0), x(0)],
      ['int_code_end'],
    ]);
    expect(walkCode(code.words)).toBe(14);
  });
});
