/**
 * Atoms every atom table holds from its creation, at these fixed indexes, so that any
 * thread can use them as constants without a lookup. Append only: the indexes are part
 * of the shared-memory format. Other atoms get indexes in the order they are interned.
 */
export const PREDEFINED_ATOMS = [
  'false',
  'true',
  'ok',
  'error',
  'undefined',
  'normal',
  'EXIT',
  'nonode@nohost',
  'badarg',
  'badarith',
  'badmatch',
  'function_clause',
  'case_clause',
  'if_clause',
  'try_clause',
  'undef',
  'badfun',
  'badarity',
  'badkey',
  'badmap',
  'badrecord',
  'system_limit',
  'nocatch',
  'throw',
  'exit',
  'kill',
  'killed',
  'noproc',
  'infinity',
  'timeout',
  'erlang',
  'DOWN',
  'process',
  'nil',
  '',
] as const;

export type PredefinedAtom = (typeof PREDEFINED_ATOMS)[number];

export const ATOM_FALSE = 0;
export const ATOM_TRUE = 1;
export const ATOM_OK = 2;
export const ATOM_ERROR = 3;
export const ATOM_UNDEFINED = 4;
export const ATOM_NORMAL = 5;
export const ATOM_EXIT = 6; // 'EXIT'
export const ATOM_NONODE_AT_NOHOST = 7;
export const ATOM_BADARG = 8;
export const ATOM_BADARITH = 9;
export const ATOM_BADMATCH = 10;
export const ATOM_FUNCTION_CLAUSE = 11;
export const ATOM_CASE_CLAUSE = 12;
export const ATOM_IF_CLAUSE = 13;
export const ATOM_TRY_CLAUSE = 14;
export const ATOM_UNDEF = 15;
export const ATOM_BADFUN = 16;
export const ATOM_BADARITY = 17;
export const ATOM_BADKEY = 18;
export const ATOM_BADMAP = 19;
export const ATOM_BADRECORD = 20;
export const ATOM_SYSTEM_LIMIT = 21;
export const ATOM_NOCATCH = 22;
export const ATOM_THROW = 23;
export const ATOM_EXIT_CLASS = 24; // 'exit', the exception class
export const ATOM_KILL = 25;
export const ATOM_KILLED = 26;
export const ATOM_NOPROC = 27;
export const ATOM_INFINITY = 28;
export const ATOM_TIMEOUT = 29;
export const ATOM_ERLANG = 30;
export const ATOM_DOWN = 31; // 'DOWN'
export const ATOM_PROCESS = 32;
export const ATOM_NIL = 33; // the atom 'nil', not the empty list
export const ATOM_EMPTY = 34; // ''
