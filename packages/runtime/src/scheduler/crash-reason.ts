/**
 * The exit reason of a process whose slice threw a JS error instead of an Erlang
 * exception (an interpreter bug, corrupt or poisoned code, an arena failure): an atom
 * naming the error's code when it has one (`arena_full`, `badfile`...), else
 * `internal_error`. The scheduler survives; only that process dies.
 */

import { type AtomTable, makeAtom } from '@beamload/terms';

export function crashReasonTerm(atoms: AtomTable, error: unknown): number {
  // BEAMLOAD_DEBUG_CRASH=1 prints the JS error (an interpreter or runtime bug) to stderr.
  if (process.env.BEAMLOAD_DEBUG_CRASH === '1') process.stderr.write(`beamload: process crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  const code = typeof error === 'object' && error !== null && 'code' in error && typeof (error as { code: unknown }).code === 'string' ? (error as { code: string }).code : 'internal_error';
  return makeAtom(atoms.intern(code));
}
