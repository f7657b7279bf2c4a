import { NIL, binaryDataByte, bitstringHeapWords, isAtom, isBoxed, isList, isSmall, makeBinary, makeCons, makeListOf, makeSmall, makeTuple, pointerIndex, smallValue, HEADER_TUPLE, makeHeader } from '@beamload/terms';
import type { HeapWriter } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { bitsOf, isBitstring, readBitsAsBytes } from '../interpreter/binary-ops.js';
import { buildWithWriter } from '../interpreter/heap.js';

/**
 * unicode:characters_to_list/1,2, characters_to_binary/1,2 (UTF-8 out) and bin_is_7bit/1,
 * the ERTS BIFs under OTP's unicode module.
 *
 * Chardata is a binary or a (possibly deep, possibly binary-tailed) list of code points and
 * binaries in the input encoding. Anything else in it is badarg. A code point that is not
 * one (or over 255 for latin1) or a malformed binary sequence stops the conversion with
 * {error, SoFar, Rest}; a sequence cut off at the very end of the data gives
 * {incomplete, SoFar, Rest}. A sequence cut off at the end of one binary continues in the
 * next binary, as in ERTS. Rest is the unconverted data in ERTS's shape: the failing list
 * tail or binary remainder, wrapped as [Inner | Tail] by each enclosing list.
 */

type Encoding = { kind: 'latin1' } | { kind: 'utf8' } | { kind: 'utf16' | 'utf32'; little: boolean };

/** A leaf of the chardata with the list cells enclosing it (outermost first). */
interface Leaf {
  /** A code point's cons cell (the list from it on is its rest), or a binary term. */
  term: number;
  isBinary: boolean;
  code: number;
  /** The innermost cons cell whose head holds this leaf (a binary tail adds none), linked outwards. */
  cells: CellPath | undefined;
}

/** A chain of enclosing cons cells, innermost first (shared by sibling leaves). */
interface CellPath {
  cell: number;
  outer: CellPath | undefined;
}

function encodingOf(call: BifCall, term: number, args: number[]): Encoding {
  if (isAtom(term)) {
    const name = call.system.atomName(term);
    if (name === 'unicode' || name === 'utf8') return { kind: 'utf8' };
    if (name === 'latin1') return { kind: 'latin1' };
    if (name === 'utf16' || name === 'utf32') return { kind: name, little: false };
    throw badarg(args);
  }
  const w = call.context.words;
  if (isBoxed(term) && w[pointerIndex(term)] === makeHeader(HEADER_TUPLE, 2) && isAtom(w[pointerIndex(term) + 1]) && isAtom(w[pointerIndex(term) + 2])) {
    const name = call.system.atomName(w[pointerIndex(term) + 1]);
    const endian = call.system.atomName(w[pointerIndex(term) + 2]);
    if ((name === 'utf16' || name === 'utf32') && (endian === 'big' || endian === 'little')) return { kind: name, little: endian === 'little' };
  }
  throw badarg(args);
}

/**
 * The leaves of chardata in order; badarg when it is not chardata. Iterative: iodata built
 * by wrapping an accumulator ([Acc, More]) nests as deep as it is long.
 */
function leavesOf(call: BifCall, data: number, args: number[]): Leaf[] {
  const w = call.context.words;
  const leaves: Leaf[] = [];
  if (isBitstring(w, data)) return [{ term: data, isBinary: true, code: 0, cells: undefined }];
  if (!isList(data) && data !== NIL) throw badarg(args);
  // Each entry: the rest of a list still to walk and the cells enclosing that list.
  const pending: Array<{ cell: number; cells: CellPath | undefined }> = [{ cell: data, cells: undefined }];
  while (pending.length > 0) {
    const { cells } = pending[pending.length - 1];
    const cell = pending[pending.length - 1].cell;
    if (!isList(cell)) {
      pending.pop();
      if (cell === NIL) continue;
      if (!isBitstring(w, cell)) throw badarg(args);
      leaves.push({ term: cell, isBinary: true, code: 0, cells });
      continue;
    }
    const head = w[pointerIndex(cell)];
    pending[pending.length - 1].cell = w[pointerIndex(cell) + 1];
    if (isSmall(head)) leaves.push({ term: cell, isBinary: false, code: smallValue(head), cells });
    else if (isBitstring(w, head)) leaves.push({ term: head, isBinary: true, code: 0, cells: { cell, outer: cells } });
    else if (isList(head) || head === NIL) pending.push({ cell: head, cells: { cell, outer: cells } });
    else throw badarg(args);
  }
  return leaves;
}

type Decoded = { code: number; length: number } | 'incomplete' | 'error';

function decodeAt(bytes: Uint8Array, at: number, encoding: Encoding): Decoded {
  const available = bytes.length - at;
  switch (encoding.kind) {
    case 'latin1':
      return { code: bytes[at], length: 1 };
    case 'utf8': {
      const lead = bytes[at];
      if (lead < 0x80) return { code: lead, length: 1 };
      const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
      if (length === 0) return 'error';
      let code = lead & (0xff >> (length + 1));
      for (let i = 1; i < length; i++) {
        if (i >= available) return 'incomplete';
        const next = bytes[at + i];
        if ((next & 0xc0) !== 0x80) return 'error';
        code = (code << 6) | (next & 0x3f);
        // Overlong, surrogate and out-of-range forms are visible from the first two bytes.
        if (i === 1 && ((length === 3 && code < 0x20) || (length === 3 && code >= 0x360 && code <= 0x37f) || (length === 4 && (code < 0x10 || code > 0x10f)))) return 'error';
      }
      return { code, length };
    }
    case 'utf16': {
      if (available < 2) return 'incomplete';
      const unit = (i: number) => (encoding.little ? bytes[at + i] | (bytes[at + i + 1] << 8) : (bytes[at + i] << 8) | bytes[at + i + 1]);
      const first = unit(0);
      if (first < 0xd800 || first > 0xdfff) return { code: first, length: 2 };
      if (first > 0xdbff) return 'error';
      if (available < 4) return 'incomplete';
      const second = unit(2);
      if (second < 0xdc00 || second > 0xdfff) return 'error';
      return { code: 0x10000 + ((first - 0xd800) << 10) + (second - 0xdc00), length: 4 };
    }
    case 'utf32': {
      if (available < 4) return 'error';
      const view = new DataView(bytes.buffer, bytes.byteOffset + at, 4);
      const code = view.getUint32(0, encoding.little);
      return validCode(code, encoding) ? { code, length: 4 } : 'error';
    }
  }
}

function validCode(code: number, encoding: Encoding): boolean {
  if (encoding.kind === 'latin1') return code >= 0 && code <= 255;
  return code >= 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
}

/** How the unconverted rest is made: a list tail as is, a binary from a byte, or [Piece | Tail] / [Piece, Tail]. */
type Rest = { tail: number } | { binary: Uint8Array } | { piece: Rest; tail: number; wrapTail: boolean };

interface Conversion {
  codes: number[];
  failure?: { kind: 'error' | 'incomplete'; rest: Rest };
}

/** The rest for a failure at `leaf`: its own piece wrapped by every enclosing list. */
function restAt(w: Int32Array, leaf: Leaf, piece: Rest, quirkWrap: boolean): Rest {
  let rest = piece;
  // A code point's piece is already its list's tail: wrap from the enclosing level out.
  let innermost = true;
  for (let path = leaf.cells; path !== undefined; path = path.outer) {
    rest = { piece: rest, tail: w[pointerIndex(path.cell) + 1], wrapTail: quirkWrap && innermost };
    innermost = false;
  }
  return rest;
}

function convert(call: BifCall, leaves: Leaf[], encoding: Encoding, args: number[]): Conversion {
  const w = call.context.words;
  const codes: number[] = [];
  let pending: Uint8Array = new Uint8Array(0);
  let pendingLeaf: Leaf | undefined;
  for (let index = 0; index < leaves.length; index++) {
    const leaf = leaves[index];
    if (!leaf.isBinary) {
      if (pending.length > 0) {
        // A sequence cut off by a list element: ERTS reports the binary rest and the rest of the list.
        return { codes, failure: { kind: 'error', rest: restAt(w, pendingLeaf!, { binary: pending }, true) } };
      }
      if (!validCode(leaf.code, encoding)) return { codes, failure: { kind: 'error', rest: restAt(w, leaf, { tail: leaf.term }, false) } };
      codes.push(leaf.code);
      continue;
    }
    const { original, offset, size } = bitsOf(w, leaf.term);
    if (size % 8 !== 0) throw badarg(args);
    const own = readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size);
    if (own.length === 0) continue;
    let bytes = own;
    if (pending.length > 0) {
      bytes = new Uint8Array(pending.length + own.length);
      bytes.set(pending);
      bytes.set(own, pending.length);
    }
    const failingLeaf = pending.length > 0 ? pendingLeaf! : leaf;
    pending = new Uint8Array(0);
    let at = 0;
    while (at < bytes.length) {
      const decoded = decodeAt(bytes, at, encoding);
      if (decoded === 'error') return { codes, failure: { kind: 'error', rest: restAt(w, failingLeaf, { binary: bytes.subarray(at) }, false) } };
      if (decoded === 'incomplete') break;
      if (!validCode(decoded.code, encoding)) return { codes, failure: { kind: 'error', rest: restAt(w, failingLeaf, { binary: bytes.subarray(at) }, false) } };
      codes.push(decoded.code);
      at += decoded.length;
    }
    if (at < bytes.length) {
      pending = bytes.slice(at);
      pendingLeaf = leaf;
    }
  }
  if (pending.length > 0) return { codes, failure: { kind: 'incomplete', rest: { binary: pending } } };
  return { codes };
}

/** The nested [Piece | Tail] levels of a rest, outermost first, and its innermost piece. */
function restLevels(rest: Rest): { levels: Array<{ tail: number; wrapTail: boolean }>; inner: Rest } {
  const levels: Array<{ tail: number; wrapTail: boolean }> = [];
  while ('piece' in rest) {
    levels.push({ tail: rest.tail, wrapTail: rest.wrapTail });
    rest = rest.piece;
  }
  return { levels, inner: rest };
}

function restWords(rest: Rest): number {
  const { levels, inner } = restLevels(rest);
  return levels.length * 4 + ('binary' in inner ? bitstringHeapWords(inner.binary.length * 8) : 0);
}

function buildRest(writer: HeapWriter, rest: Rest): number {
  const { levels, inner } = restLevels(rest);
  let term = 'binary' in inner ? makeBinary(writer, inner.binary) : (inner as { tail: number }).tail;
  for (let i = levels.length - 1; i >= 0; i--) {
    const { tail, wrapTail } = levels[i];
    term = makeCons(writer, term, wrapTail ? makeCons(writer, tail, NIL) : tail);
  }
  return term;
}

/** UTF-8 of code points (already checked to be scalar values). */
function utf8Bytes(codes: number[]): Uint8Array {
  const out: number[] = [];
  for (const code of codes) {
    if (code < 0x80) out.push(code);
    else if (code < 0x800) out.push(0xc0 | (code >> 6), 0x80 | (code & 0x3f));
    else if (code < 0x10000) out.push(0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
    else out.push(0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f));
  }
  return Uint8Array.from(out);
}

function charactersTo(call: BifCall, args: number[], output: 'list' | 'binary'): number {
  const encoding = args.length > 1 ? encodingOf(call, args[1], args) : ({ kind: 'utf8' } as Encoding);
  const leaves = leavesOf(call, args[0], args);
  const { codes, failure } = convert(call, leaves, encoding, args);
  const bytes = output === 'binary' ? utf8Bytes(codes) : undefined;
  const convertedWords = bytes === undefined ? codes.length * 2 : bitstringHeapWords(bytes.length * 8);
  const words = convertedWords + (failure === undefined ? 0 : 4 + restWords(failure.rest));
  return buildWithWriter(call.context, words, (writer) => {
    const converted = bytes === undefined ? makeListOf(writer, codes.map(makeSmall)) : makeBinary(writer, bytes);
    if (failure === undefined) return converted;
    return makeTuple(writer, [call.system.atom(failure.kind), converted, buildRest(writer, failure.rest)]);
  });
}

function binIs7bit(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isBitstring(w, args[0])) return call.system.atom('false');
  const { original, offset, size } = bitsOf(w, args[0]);
  if (size % 8 !== 0) return call.system.atom('false');
  const bytes = readBitsAsBytes(call.context.arena.u8, binaryDataByte(call.context.arena, original) * 8 + offset, size);
  return call.system.atom(bytes.every((byte) => byte < 0x80) ? 'true' : 'false');
}

export const UNICODE_CHARACTER_BIFS: BifDefinition[] = [
  { module: 'unicode', name: 'characters_to_list', arity: 1, run: (call, args) => charactersTo(call, args, 'list') },
  { module: 'unicode', name: 'characters_to_list', arity: 2, run: (call, args) => charactersTo(call, args, 'list') },
  { module: 'unicode', name: 'characters_to_binary', arity: 1, run: (call, args) => charactersTo(call, args, 'binary') },
  { module: 'unicode', name: 'characters_to_binary', arity: 2, run: (call, args) => charactersTo(call, args, 'binary') },
  { module: 'unicode', name: 'bin_is_7bit', arity: 1, run: binIs7bit },
];
