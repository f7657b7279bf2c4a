import { BeamFormatError } from '../errors.js';
import { ErlAtom, type Term } from '../term/values.js';
import { ModuleBuilder, type BuildOptions } from './module-builder.js';
import type { SymbolicOperand } from './operands.js';

export interface LiteralModuleSpec {
  /** Module name. */
  readonly name: string;
  /** The literals; `lit(N)` returns `entries[N - 1]`. */
  readonly entries: readonly Term[];
  /** What `version()` returns, so a benchmark can tell which load is current. */
  readonly version: number | bigint;
}

/**
 * A module for load benchmarks, built without erlc:
 *
 *     -module(Name).
 *     -export([version/0, lit/1]).
 *     version() -> Version.
 *     lit(1) -> Entry1; ...; lit(N) -> EntryN.
 *
 * `lit/1` is one `select_val` over 1..N jumping to `move {literal, I} x0; return`, so
 * every compound entry is its own LitT entry and the file's size grows with N the way an
 * erlc-compiled literal-heavy module does. Atoms, integers below 2^128 and `[]` are operands
 * rather than literals (as erlc does), and equal entries share one LitT entry; to get
 * exactly N LitT entries, pass N distinct compound terms (tuples, lists, binaries, ...).
 */
export function buildLiteralModule(spec: LiteralModuleSpec, options: BuildOptions = {}): Uint8Array {
  if (spec.entries.length === 0) {
    throw new BeamFormatError('bad_operand', 'a literal module needs at least one entry', 0, 'Code');
  }
  const module = new ModuleBuilder(spec.name);
  module.function('version', 0, { exported: true }).emit('move', { integer: spec.version }, { x: 0 }).emit('return');

  const lit = module.function('lit', 1, { exported: true });
  const targets = spec.entries.map(() => lit.newLabel());
  const cases: SymbolicOperand[] = [];
  targets.forEach((label, index) => cases.push({ integer: index + 1 }, { label }));
  lit.emit('select_val', { x: 0 }, { label: lit.failLabel }, cases);
  spec.entries.forEach((entry, index) => {
    lit.label(targets[index]!).emit('move', operandFor(entry), { x: 0 }).emit('return');
  });
  return module.build(options);
}

/** Immediates are operands, everything else a literal, as erlc would encode them. */
function operandFor(term: Term): SymbolicOperand {
  if (term instanceof ErlAtom) return { atom: term.name };
  if (Array.isArray(term) && term.length === 0) return { nil: true };
  // erlc writes integers inline (i) up to 2^128; the operand resolver moves larger ones to LitT.
  if (typeof term === 'number' || typeof term === 'bigint') return { integer: term };
  return { literal: term };
}
