import { ATOM_SYSTEM_LIMIT, isAtom, makeAtom } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg, errorWith } from './bif-errors.js';
import { binaryTerm, bytesOf } from './binaries.js';
import { charListText } from './erlang-data.js';

/**
 * Text <-> atom: list_to_atom/1, list_to_existing_atom/1, binary_to_atom/1,2,
 * binary_to_existing_atom/1,2 and atom_to_binary/1,2, with ERTS's encodings and limits:
 * an atom has at most 255 characters (system_limit), a `utf8` (or `unicode`) binary must
 * be valid UTF-8 and a character list valid code points, not surrogates (badarg);
 * `latin1` reads and writes one byte per character; the *_existing_* forms never create
 * an atom (badarg when it does not exist).
 */

/** Most characters in an atom (ERTS's MAX_ATOM_CHARACTERS). */
const MAX_ATOM_CHARACTERS = 255;

type Encoding = 'latin1' | 'utf8';

function encodingArg(call: BifCall, args: number[], index: number): Encoding {
  if (args.length <= index) return 'utf8';
  const term = args[index]!;
  if (!isAtom(term)) throw badarg(args);
  const name = call.system.atomName(term);
  if (name === 'latin1') return 'latin1';
  if (name === 'utf8' || name === 'unicode') return 'utf8';
  throw badarg(args);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function binaryText(call: BifCall, args: number[]): string {
  const bytes = bytesOf(call, args[0]!, args);
  if (encodingArg(call, args, 1) === 'latin1') {
    let text = '';
    for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]!);
    return text;
  }
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw badarg(args);
  }
}

function listText(call: BifCall, args: number[]): string {
  const text = charListText(call.context.words, args[0]!);
  if (text === undefined) throw badarg(args);
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff) throw badarg(args);
  }
  return text;
}

/** Code points, not UTF-16 units: an atom of 255 characters above U+FFFF is allowed. */
function tooLong(text: string): boolean {
  let characters = 0;
  for (const _ of text) if (++characters > MAX_ATOM_CHARACTERS) return true;
  return false;
}

function createAtom(call: BifCall, text: string, args: number[]): number {
  if (tooLong(text)) throw errorWith(makeAtom(ATOM_SYSTEM_LIMIT), args);
  return call.system.atom(text);
}

/** A name too long for an atom names none that exists: badarg, as erl (not system_limit). */
function existingAtom(call: BifCall, text: string, args: number[]): number {
  if (tooLong(text)) throw badarg(args);
  const index = call.system.store.atoms.lookup(text);
  if (index === undefined) throw badarg(args);
  return makeAtom(index);
}

function atomToBinary(call: BifCall, args: number[]): number {
  if (!isAtom(args[0]!)) throw badarg(args);
  const name = call.system.atomName(args[0]!);
  if (encodingArg(call, args, 1) === 'utf8') return binaryTerm(call, new TextEncoder().encode(name));
  const bytes = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code > 0xff) throw badarg(args);
    bytes[i] = code;
  }
  return binaryTerm(call, bytes);
}

export const ATOM_CONVERSION_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'list_to_atom', arity: 1, run: (call, args) => createAtom(call, listText(call, args), args) },
  { module: 'erlang', name: 'list_to_existing_atom', arity: 1, run: (call, args) => existingAtom(call, listText(call, args), args) },
  { module: 'erlang', name: 'binary_to_atom', arity: 1, run: (call, args) => createAtom(call, binaryText(call, args), args) },
  { module: 'erlang', name: 'binary_to_atom', arity: 2, run: (call, args) => createAtom(call, binaryText(call, args), args) },
  { module: 'erlang', name: 'binary_to_existing_atom', arity: 1, run: (call, args) => existingAtom(call, binaryText(call, args), args) },
  { module: 'erlang', name: 'binary_to_existing_atom', arity: 2, run: (call, args) => existingAtom(call, binaryText(call, args), args) },
  { module: 'erlang', name: 'atom_to_binary', arity: 1, run: atomToBinary },
  { module: 'erlang', name: 'atom_to_binary', arity: 2, run: atomToBinary },
];
