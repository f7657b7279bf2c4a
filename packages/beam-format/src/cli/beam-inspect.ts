#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { readBeam, type BeamFile } from '../beam-file.js';
import { formatTerm } from '../disasm/format-term.js';
import { termToTypedJson } from '../disasm/typed-json.js';
import { BeamFormatError } from '../errors.js';

/**
 * beam-inspect <chunks|atoms|imports|exports|literals|disasm> [--json] FILE.beam
 *
 * Human-readable output by default, JSON with --json. A malformed file gives one line
 * on stderr naming the chunk and byte offset, and exit status 1; bad usage exits 2.
 */
const USAGE = 'usage: beam-inspect <chunks|atoms|imports|exports|literals|disasm> [--json] FILE.beam';

type Command = (beam: BeamFile) => { text: string; json: unknown };

const COMMANDS: Record<string, Command> = {
  chunks: (beam) => {
    const chunks = beam.container.chunks.map((chunk) => ({ id: chunk.id, offset: chunk.headerOffset, size: chunk.size }));
    const header = beam.container.gzipped ? ['(gzip-compressed file; offsets are in the inflated bytes)'] : [];
    return {
      json: { gzipped: beam.container.gzipped, chunks },
      text: [...header, ...chunks.map((chunk) => `${chunk.id.padEnd(4)}  offset ${String(chunk.offset).padStart(8)}  size ${String(chunk.size).padStart(8)}`)].join('\n'),
    };
  },
  atoms: (beam) => {
    const atoms = beam.atoms;
    return { json: atoms, text: atoms.map((name, index) => `${String(index + 1).padStart(5)}  ${name}`).join('\n') };
  },
  imports: (beam) => {
    const imports = beam.imports;
    return { json: imports, text: imports.map((entry, index) => `${String(index).padStart(5)}  ${entry.module}:${entry.name}/${entry.arity}`).join('\n') };
  },
  exports: (beam) => {
    const exports = beam.exports;
    return { json: exports, text: exports.map((entry) => `${entry.name}/${entry.arity}  label ${entry.label}`).join('\n') };
  },
  literals: (beam) => {
    const literals = beam.literals?.all() ?? [];
    return {
      json: literals.map(termToTypedJson),
      text: literals.map((literal, index) => `${String(index).padStart(5)}  ${formatTerm(literal)}`).join('\n'),
    };
  },
  disasm: (beam) => {
    const functions = beam.disassemble();
    return {
      json: functions.map((fn) => ({ name: fn.name, arity: fn.arity, entry: fn.entry, code: fn.code.map(termToTypedJson) })),
      text: functions
        .map((fn) => [`function ${fn.name}/${fn.arity} (entry label ${fn.entry})`, ...fn.code.map((instruction) => `    ${formatTerm(instruction)}`)].join('\n'))
        .join('\n\n'),
    };
  },
};

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const positional = argv.filter((argument) => argument !== '--json');
  const [commandName, file, ...extra] = positional;
  const command = commandName === undefined ? undefined : COMMANDS[commandName];
  if (command === undefined || file === undefined || extra.length > 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    process.stderr.write(`beam-inspect: ${file}: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const output = command(readBeam(bytes));
    process.stdout.write(json ? `${JSON.stringify(output.json, jsonReplacer)}\n` : `${output.text}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof BeamFormatError)) throw error;
    const where = error.chunk === undefined ? `byte ${error.offset}` : `${error.chunk} chunk, byte ${error.offset}`;
    process.stderr.write(`beam-inspect: ${file}: ${where}: ${error.detail} (${error.code})\n`);
    return 1;
  }
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

process.exitCode = main(process.argv.slice(2));
