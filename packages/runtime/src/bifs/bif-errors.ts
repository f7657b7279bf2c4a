import { ATOM_BADARG, ATOM_BADARITH, ATOM_ERROR, makeAtom } from '@beamload/terms';
import { ErlangException } from '../interpreter/erlang-exception.js';

export const ERROR_CLASS = makeAtom(ATOM_ERROR);

/** error(badarg) raised by a BIF called with `args`. */
export function badarg(args?: readonly number[]): ErlangException {
  return new ErlangException(ERROR_CLASS, makeAtom(ATOM_BADARG), 0, args);
}

/** error(badarith) raised by a BIF called with `args`. */
export function badarith(args?: readonly number[]): ErlangException {
  return new ErlangException(ERROR_CLASS, makeAtom(ATOM_BADARITH), 0, args);
}

/** error(Reason) raised by a BIF called with `args`. */
export function errorWith(reason: number, args?: readonly number[]): ErlangException {
  return new ErlangException(ERROR_CLASS, reason, 0, args);
}
