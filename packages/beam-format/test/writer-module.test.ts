import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBeam } from '../src/beam-file.js';
import { isLineTable } from '../src/chunks/lines.js';
import { ModuleBuilder } from '../src/builder/module-builder.js';
import { encodeEtf } from '../src/etf/encode.js';
import { BeamFormatError } from '../src/errors.js';
import { ErlTuple, atom, type Term } from '../src/term/values.js';
import { writeModule } from '../src/writer/module.js';
import { otpAvailable, runEscript } from './etf-fixtures/otp.js';

const hasOtp = otpAvailable();
const work = mkdtempSync(join(tmpdir(), 'beam-writer-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sample(name: string): Uint8Array {
  const m = new ModuleBuilder(name);
  m.function('answer', 0, { exported: true }).emit('move', { integer: 42 }, { x: 0 }).emit('return');
  m.function('hello', 0, { exported: true })
    .emit('move', { literal: new ErlTuple([atom('hello'), [1, 2]]) }, { x: 0 })
    .emit('return');
  return m.build();
}

function loadAndCall(name: string, bytes: Uint8Array, calls: Array<[string, Term[], Term]>): string {
  const beamPath = join(work, `${name}.beam`);
  const callsPath = join(work, `${name}.calls`);
  writeFileSync(beamPath, bytes);
  writeFileSync(callsPath, encodeEtf(calls.map(([f, args, expected]) => new ErlTuple([atom(f), args, expected]))));
  return runEscript(join(__dirname, 'builder-fixtures', 'load_and_call.escript'), [beamPath, callsPath]).trim();
}

describe('writeModule', () => {
  it('writes an unchanged module byte-identically, also an erlc-compiled one (test/fixtures)', () => {
    const bytes = sample('beamload_writer_same');
    expect(writeModule(readBeam(bytes))).toEqual(bytes);
    const compiled = new Uint8Array(readFileSync(join(__dirname, 'fixtures', 'default', 'fixture_features.beam')));
    expect(Buffer.compare(Buffer.from(writeModule(readBeam(compiled))), Buffer.from(compiled))).toBe(0);
  });

  it('replaces literals, code, attributes; appends atoms and new chunks; keeps the rest as stored', () => {
    const original = readBeam(sample('beamload_writer_edit'));
    const atoms = [...original.atoms, 'added_atom'];
    const instructions = original.code.instructions.map((instruction) =>
      instruction.name === 'move' && instruction.operands[0]!.kind === 'i'
        ? { opcode: instruction.opcode, operands: [{ kind: 'i' as const, value: 43 }, instruction.operands[1]!] }
        : instruction,
    );
    const edited = readBeam(
      writeModule(original, {
        atoms,
        code: { header: original.codeHeader, instructions },
        literals: [new ErlTuple([atom('changed')])],
        attributes: [new ErlTuple([atom('vsn'), [1]])],
        lines: { flags: 0, lineInstructionCount: 0, items: [{ file: 0, line: 0 }, { file: 0, line: 7 }], fileNames: [] },
      }),
    );
    expect(edited.atoms).toEqual(atoms);
    expect(edited.literals!.literal(0)).toEqual(new ErlTuple([atom('changed')]));
    expect(encodeEtf(edited.attributes!)).toEqual(encodeEtf([new ErlTuple([atom('vsn'), [1]])]));
    expect(edited.chunkIds.at(-1)).toBe('Line');
    const lines = edited.lines!;
    expect(isLineTable(lines) && lines.items[1]).toEqual({ file: 0, line: 7 });
    // Untouched chunks are the stored bytes.
    for (const id of ['ImpT', 'ExpT', 'LocT', 'StrT', 'CInf']) expect(edited.chunk(id)!.data).toEqual(original.chunk(id)!.data);
    // Dropping a chunk.
    expect(readBeam(writeModule(original, { locals: null })).chunkIds).not.toContain('LocT');
  });

  it('refuses atom changes that would renumber existing atoms', () => {
    const original = readBeam(sample('beamload_writer_bad'));
    const atoms = [...original.atoms];
    atoms[1] = 'renamed';
    expect(() => writeModule(original, { atoms })).toThrow(BeamFormatError);
  });

  it.skipIf(!hasOtp)('an edited module loads and runs in erl with the edits', () => {
    const original = readBeam(sample('beamload_writer_run'));
    const instructions = original.code.instructions.map((instruction) =>
      instruction.name === 'move' && instruction.operands[0]!.kind === 'i'
        ? { opcode: instruction.opcode, operands: [{ kind: 'i' as const, value: 43 }, instruction.operands[1]!] }
        : instruction,
    );
    const changed = new ErlTuple([atom('changed'), [3, 4]]);
    const bytes = writeModule(original, { code: { header: original.codeHeader, instructions }, literals: [changed] });
    expect(
      loadAndCall('beamload_writer_run', bytes, [
        ['answer', [], 43],
        ['hello', [], changed],
      ]),
    ).toBe('ok 2');
  });
});
