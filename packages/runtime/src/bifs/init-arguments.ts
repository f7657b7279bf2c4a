/**
 * init:get_arguments/0 and init:get_argument/1: erl's command-line flags. A beamload
 * runtime is not started by erl's command line, so it has none: [] and error, which is
 * what erl answers for a flag nobody gave. (stdlib's erl_features reads them for
 * -enable-feature before io_lib can write an atom.)
 */

import { ATOM_ERROR, NIL, isAtom, makeAtom } from '@beamload/terms';
import type { BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';

export const INIT_ARGUMENT_BIFS: readonly BifDefinition[] = [
  { module: 'init', name: 'get_arguments', arity: 0, run: () => NIL },
  {
    module: 'init',
    name: 'get_argument',
    arity: 1,
    run: (_call, args) => {
      if (!isAtom(args[0])) throw badarg(args);
      return makeAtom(ATOM_ERROR);
    },
  },
];
