import { DEFAULT_ETF_LIMITS, EtfTag, inflate, type EtfLimits } from '@beamload/beam-format';
import type { TermStore } from '../term/term-store.js';
import type { AtomTable } from '../atoms/atom-table.js';
import { EtfInput, MAX_ATOM_CHARACTERS, atomName, utf8Characters } from './etf-input.js';
import { binaryHeapWords, bitstringHeapWords, BINARY_BLOCK_DATA, HEAP_BINARY_LIMIT } from '../term/binary.js';
import { FLAT_MAP_LIMIT, flatMapWords } from '../term/map.js';
import { hashMapNodeWordsBound } from '../term/hash-map.js';
import { FUN_FIXED_WORDS, EXPORT_WORDS } from '../term/fun.js';
import { EXTERNAL_PID_WORDS, EXTERNAL_PORT_WORDS, MAX_LOCAL_PORT, fitsLocalPid } from '../term/pid-port-ref.js';
import { LOCAL_REF_NUMBERS, MAX_REF_FIRST_NUMBER, MAX_REF_NUMBERS, isThisNode, isTinyCreation } from './etf-identity-rules.js';
import { FLOAT_WORDS } from '../term/float.js';
import { MAX_SMALL, MIN_SMALL, WORD_BYTES } from '../layout.js';

export interface EtfDecodeOptions {
  /** Where the term (its 131 byte) starts; default 0. */
  offset?: number;
  /**
   * Where the term must end at the latest; default the end of `bytes`. A literal table
   * entry's term must fit inside its entry (ERTS: "corrupt literal table"), not run on
   * into the next entries.
   */
  end?: number;
  /** Absolute offset of bytes[0] in the caller's input, for error offsets. */
  baseOffset?: number;
  limits?: Partial<EtfLimits>;
  /**
   * binary_to_term(B, [safe]): refuse (bad_etf) a term naming an atom that does not exist
   * yet, so untrusted input cannot fill the atom table (atoms never die). OTP's safe also
   * refuses external funs of unknown functions; that needs the export table, which is
   * the loader's, and is not checked here.
   */
  safe?: boolean;
}

/**
 * The result of the sizing pass: what decoding will need, found without allocating
 * anything, and the validated bytes to decode from (inflated when the term was
 * compressed).
 */
export interface MeasuredEtf {
  /** Heap words the term takes (exact, except hash maps which are bounded from above). */
  heapWords: number;
  /** False when the term holds a map of more than 32 keys, so heapWords is an upper bound. */
  heapWordsExact: boolean;
  /** Bytes of refc binary data blocks the term will allocate outside the heap. */
  offHeapBytes: number;
  /** Offset just past the term in the input (a compressed term extends to the end). */
  end: number;
  /** Bytes the term body is read from, and where it starts (just after 131, or inflated). */
  body: Uint8Array;
  bodyStart: number;
  bodyBase: number;
}

/** Words of an integer given by little-endian magnitude bytes [start, end). */
function bigWords(bytes: Uint8Array, start: number, end: number, negative: boolean): number {
  let top = end;
  while (top > start && bytes[top - 1] === 0) top--;
  const length = top - start;
  if (length <= 4) {
    let magnitude = 0;
    for (let i = top - 1; i >= start; i--) magnitude = magnitude * 256 + bytes[i]!;
    if (negative ? -magnitude >= MIN_SMALL : magnitude <= MAX_SMALL) return 0;
  }
  return 1 + Math.ceil(length / WORD_BYTES);
}

/**
 * Sizing pass over one ETF term: validates every byte of it and counts the words it
 * will take, so hostile claims (a tuple of 2^32 elements in 10 bytes, nesting deeper
 * than limits.maxDepth) are refused before any memory is spent. Iterative: the pending
 * element counts of open containers are on an explicit stack.
 *
 * `into`: a record to fill instead of a new one. A caller sizing many terms (a literal
 * table of 50,000 entries) keeps only the sums, and a result object per term kept between
 * its sizing and decoding passes was most of the loader's garbage-collection time.
 */
export function measureEtf(store: TermStore, bytes: Uint8Array, options: EtfDecodeOptions = {}, into?: MeasuredEtf): MeasuredEtf {
  const limits: EtfLimits = options.limits === undefined ? DEFAULT_ETF_LIMITS : { ...DEFAULT_ETF_LIMITS, ...options.limits };
  const start = options.offset ?? 0;
  const base = options.baseOffset ?? 0;
  // One input for every call (sizing is never re-entered): an object per term of a
  // 50,000-entry literal table is garbage the loader need not make.
  const limit = options.end ?? bytes.length;
  const outer = measureInput.reset(bytes, base, limit);
  outer.need(start, 1);
  if (bytes[start] !== 131) outer.fail('bad_etf', `ETF term must start with version byte 131, found ${bytes[start]}`, start);
  let body = bytes;
  let bodyStart = start + 1;
  let bodyBase = base;
  let compressedEnd = -1;
  outer.need(bodyStart, 1);
  if (bytes[bodyStart] === EtfTag.COMPRESSED) {
    outer.need(bodyStart + 1, 4);
    const size = outer.u32(bodyStart + 1);
    if (size > limits.maxInflatedBytes) outer.fail('limit_exceeded', `compressed term claims ${size} bytes, the limit is ${limits.maxInflatedBytes}`, bodyStart + 1);
    body = inflate(bytes.subarray(bodyStart + 5, limit), size, { maxBytes: limits.maxInflatedBytes, baseOffset: base + bodyStart + 5 });
    bodyStart = 0;
    bodyBase = -1; // offsets inside inflated data have no place in the input; errors report them as is
    compressedEnd = limit;
  }
  const input = body === bytes ? outer : outer.reset(body, bodyBase < 0 ? 0 : bodyBase);
  safeAtoms = options.safe === true ? store.atoms : null;
  const end = body === bytes ? limit : body.length;
  let heapWords = 0;
  let heapWordsExact = true;
  let offHeapBytes = 0;
  let binaryBytes = 0;
  let elements = 0;
  let p = bodyStart;
  let remaining = 1;
  // Shared between calls (sizing is never re-entered); an earlier call that failed
  // half-way leaves its open levels behind.
  const levels = measureLevels;
  if (levels.length !== 0) levels.length = 0;
  // Helpers are module functions taking and returning the position, so that `p` and the
  // counters stay in registers (closures over them would put them in a context object).

  while (true) {
    while (remaining === 0) {
      if (levels.length === 0) {
        const termEnd = compressedEnd >= 0 ? compressedEnd : p;
        input.reset(NO_BYTES, 0); // keep no caller's bytes alive (a literal table can be megabytes)
        if (into === undefined) return { heapWords, heapWordsExact, offHeapBytes, end: termEnd, body, bodyStart, bodyBase };
        into.heapWords = heapWords;
        into.heapWordsExact = heapWordsExact;
        into.offHeapBytes = offHeapBytes;
        into.end = termEnd;
        into.body = body;
        into.bodyStart = bodyStart;
        into.bodyBase = bodyBase;
        return into;
      }
      remaining = levels.pop()!;
    }
    remaining--;
    const at = p;
    input.need(p, 1);
    const tag = body[p]!;
    switch (tag) {
      case EtfTag.SMALL_INTEGER_EXT:
        input.need(p + 1, 1);
        p += 2;
        break;
      case EtfTag.INTEGER_EXT: {
        input.need(p + 1, 4);
        const value = input.i32(p + 1);
        if (value > MAX_SMALL || value < MIN_SMALL) heapWords += 2;
        p += 5;
        break;
      }
      case EtfTag.SMALL_BIG_EXT:
      case EtfTag.LARGE_BIG_EXT: {
        const small = tag === EtfTag.SMALL_BIG_EXT;
        input.need(p + 1, small ? 2 : 5);
        const length = small ? body[p + 1]! : input.u32(p + 1);
        const sign = body[p + (small ? 2 : 5)]!;
        p += small ? 3 : 6;
        if (length > limits.maxBigIntegerBytes) input.fail('limit_exceeded', `big integer of ${length} bytes`, at);
        input.need(p, length);
        // Any sign byte but 0 is negative, as ERTS reads it (binary_to_term(<<131,110,1,2,5>>) is -5).
        heapWords += bigWords(body, p, p + length, sign !== 0);
        p += length;
        break;
      }
      case EtfTag.NEW_FLOAT_EXT: {
        input.need(p + 1, 8);
        // An all-ones exponent is infinity or NaN, which no Erlang float is.
        if (((body[p + 1]! & 0x7f) << 4) + (body[p + 2]! >>> 4) === 0x7ff) input.fail('bad_etf', 'float is not finite', at);
        heapWords += FLOAT_WORDS;
        p += 9;
        break;
      }
      case EtfTag.FLOAT_EXT: {
        input.need(p + 1, 31);
        const text = atomName(body, p + 1, p + 32, false).replace(/\0+$/, '');
        const value = Number(text.trim());
        if (!/^\s*[-+]?\d+\.\d+e[-+]?\d+\s*$/.test(text) || !Number.isFinite(value)) input.fail('bad_etf', `FLOAT_EXT text ${JSON.stringify(text)}`, at);
        heapWords += FLOAT_WORDS;
        p += 32;
        break;
      }
      case EtfTag.ATOM_EXT:
      case EtfTag.ATOM_UTF8_EXT:
      case EtfTag.SMALL_ATOM_EXT:
      case EtfTag.SMALL_ATOM_UTF8_EXT:
        p = skipAtom(input, body, p);
        break;
      case EtfTag.SMALL_TUPLE_EXT:
      case EtfTag.LARGE_TUPLE_EXT: {
        const small = tag === EtfTag.SMALL_TUPLE_EXT;
        input.need(p + 1, small ? 1 : 4);
        const arity = small ? body[p + 1]! : input.u32(p + 1);
        p += small ? 2 : 5;
        elements = claim(input, arity, end - p, elements, limits, at, 'tuple');
        heapWords += 1 + arity;
        if (arity > 0) {
          levels.push(remaining);
          remaining = arity;
          if (levels.length > limits.maxDepth) depthExceeded(input, limits, at);
        }
        break;
      }
      case EtfTag.NIL_EXT:
        p += 1;
        break;
      case EtfTag.STRING_EXT: {
        input.need(p + 1, 2);
        const length = input.u16(p + 1);
        p += 3;
        input.need(p, length);
        elements = claim(input, length, end - p, elements, limits, at, 'string');
        heapWords += 2 * length;
        p += length;
        break;
      }
      case EtfTag.LIST_EXT: {
        input.need(p + 1, 4);
        const length = input.u32(p + 1);
        p += 5;
        elements = claim(input, length + 1, end - p, elements, limits, at, 'list');
        heapWords += 2 * length;
        levels.push(remaining);
        remaining = length + 1;
        if (levels.length > limits.maxDepth) depthExceeded(input, limits, at);
        break;
      }
      case EtfTag.BINARY_EXT: {
        input.need(p + 1, 4);
        const length = input.u32(p + 1);
        p += 5;
        input.need(p, length);
        binaryBytes = countBinary(input, binaryBytes, length, limits, at);
        heapWords += binaryHeapWords(length);
        if (length > HEAP_BINARY_LIMIT) offHeapBytes += (BINARY_BLOCK_DATA + Math.ceil(length / WORD_BYTES)) * WORD_BYTES;
        p += length;
        break;
      }
      case EtfTag.BIT_BINARY_EXT: {
        input.need(p + 1, 5);
        const length = input.u32(p + 1);
        const bits = body[p + 5]!;
        p += 6;
        if (length === 0 ? bits !== 0 : bits < 1 || bits > 8) input.fail('bad_etf', `BIT_BINARY_EXT with ${length} bytes and ${bits} bits in the last`, at);
        input.need(p, length);
        binaryBytes = countBinary(input, binaryBytes, length, limits, at);
        const bitLength = length === 0 ? 0 : (length - 1) * 8 + bits;
        heapWords += bitstringHeapWords(bitLength);
        if (length > HEAP_BINARY_LIMIT) offHeapBytes += (BINARY_BLOCK_DATA + Math.ceil(length / WORD_BYTES)) * WORD_BYTES;
        p += length;
        break;
      }
      case EtfTag.MAP_EXT: {
        input.need(p + 1, 4);
        const size = input.u32(p + 1);
        p += 5;
        elements = claim(input, 2 * size, end - p, elements, limits, at, 'map');
        heapWords += size <= FLAT_MAP_LIMIT ? flatMapWords(size) : 2 * size + hashMapNodeWordsBound(size);
        if (size > FLAT_MAP_LIMIT) heapWordsExact = false;
        if (size > 0) {
          levels.push(remaining);
          remaining = 2 * size;
          if (levels.length > limits.maxDepth) depthExceeded(input, limits, at);
        }
        break;
      }
      case EtfTag.EXPORT_EXT:
        p = skipAtom(input, body, p + 1);
        p = skipAtom(input, body, p);
        input.need(p, 2);
        if (body[p] !== EtfTag.SMALL_INTEGER_EXT) input.fail('bad_etf', 'EXPORT_EXT arity must be a SMALL_INTEGER_EXT', p);
        p += 2;
        heapWords += EXPORT_WORDS;
        break;
      case EtfTag.NEW_FUN_EXT: {
        input.need(p + 1, 4 + 1 + 16 + 4 + 4);
        const size = input.u32(p + 1);
        const numFree = input.u32(p + 1 + 4 + 1 + 16 + 4);
        const funEnd = at + 1 + size;
        if (size < 4 || funEnd > end) input.fail('bad_etf', `NEW_FUN_EXT size ${size} runs past the input`, at);
        p += 1 + 4 + 1 + 16 + 4 + 4;
        p = skipAtom(input, body, p);
        p = skipSmallInteger(input, body, p, 'NEW_FUN_EXT OldIndex');
        p = skipSmallInteger(input, body, p, 'NEW_FUN_EXT OldUniq');
        p = measurePid(store, input, body, p);
        heapWords += pidWords;
        elements = claim(input, numFree, end - p, elements, limits, at, 'fun environment');
        heapWords += FUN_FIXED_WORDS + numFree;
        if (numFree > 0) {
          levels.push(remaining);
          remaining = numFree;
          if (levels.length > limits.maxDepth) depthExceeded(input, limits, at);
        }
        break;
      }
      case EtfTag.NEW_PID_EXT:
      case EtfTag.PID_EXT:
        p = measurePid(store, input, body, p);
        heapWords += pidWords;
        break;
      case EtfTag.NEW_PORT_EXT:
      case EtfTag.PORT_EXT:
      case EtfTag.V4_PORT_EXT: {
        const node = atomNameAt(input, body, p + 1);
        p = skipAtom(input, body, p + 1);
        const idBytes = tag === EtfTag.V4_PORT_EXT ? 8 : 4;
        const creationBytes = tag === EtfTag.PORT_EXT ? 1 : 4;
        input.need(p, idBytes + creationBytes);
        const idHigh = idBytes === 8 ? input.u32(p) : 0;
        const idLow = input.u32(p + idBytes - 4);
        const creation = creationBytes === 4 ? input.u32(p + idBytes) : body[p + idBytes]!;
        p += idBytes + creationBytes;
        if (creationBytes === 1 && !isTinyCreation(creation)) input.fail('bad_etf', `PORT_EXT creation ${creation} (0..3)`, at);
        if (isThisNode(store, node, creation)) {
          if (idHigh !== 0 || idLow > MAX_LOCAL_PORT) input.fail('bad_etf', 'a port number this node cannot have', at);
        } else heapWords += EXTERNAL_PORT_WORDS;
        break;
      }
      case EtfTag.NEWER_REFERENCE_EXT:
      case EtfTag.NEW_REFERENCE_EXT:
      case EtfTag.REFERENCE_EXT: {
        const newer = tag === EtfTag.NEWER_REFERENCE_EXT;
        let count = 1;
        if (tag !== EtfTag.REFERENCE_EXT) {
          input.need(p + 1, 2);
          count = input.u16(p + 1);
          p += 2;
        }
        // erl reads a first number even for a count of 0, past the reference's end (the
        // bytes that follow, or beyond the binary): refused here rather than imitated.
        if (count < 1 || count > MAX_REF_NUMBERS) input.fail('bad_etf', `reference with ${count} numbers (1..${MAX_REF_NUMBERS})`, at);
        const node = atomNameAt(input, body, p + 1);
        p = skipAtom(input, body, p + 1);
        const creationBytes = newer ? 4 : 1;
        input.need(p, creationBytes + 4 * count);
        let creation: number;
        let first: number;
        if (tag === EtfTag.REFERENCE_EXT) {
          first = input.u32(p);
          creation = body[p + 4]!;
        } else {
          creation = newer ? input.u32(p) : body[p]!;
          first = input.u32(p + creationBytes);
        }
        p += creationBytes + 4 * count;
        if (!newer && !isTinyCreation(creation)) input.fail('bad_etf', `reference creation ${creation} (0..3)`, at);
        const local = isThisNode(store, node, creation);
        if ((!newer || local) && first > MAX_REF_FIRST_NUMBER) input.fail('bad_etf', `reference first number ${first} over 18 bits`, at);
        if (local && count > LOCAL_REF_NUMBERS) input.fail('bad_etf', `a reference of this node with ${count} numbers`, at);
        heapWords += local ? 1 + LOCAL_REF_NUMBERS : 3 + count;
        break;
      }
      default:
        input.fail('unknown_etf_tag', `ETF tag ${tag} is not decoded here`, at);
    }
  }
}

const NO_BYTES = new Uint8Array(0);
const measureInput = new EtfInput(NO_BYTES, 0);
/** The pending element counts of the open containers (see measureEtf). */
const measureLevels: number[] = [];

function claim(input: EtfInput, count: number, bytesLeft: number, elements: number, limits: EtfLimits, at: number, what: string): number {
  if (count > bytesLeft) input.fail('bad_etf', `${what} claims ${count} elements, only ${bytesLeft} bytes left`, at);
  elements += count;
  if (elements > limits.maxElements) input.fail('limit_exceeded', `more than ${limits.maxElements} elements`, at);
  return elements;
}

function depthExceeded(input: EtfInput, limits: EtfLimits, at: number): never {
  return input.fail('limit_exceeded', `nesting deeper than ${limits.maxDepth}`, at);
}

function countBinary(input: EtfInput, total: number, length: number, limits: EtfLimits, at: number): number {
  total += length;
  if (total > limits.maxBinaryBytes) input.fail('limit_exceeded', `more than ${limits.maxBinaryBytes} binary bytes`, at);
  return total;
}

/** In safe mode, the atom table every atom must already be in (set by measureEtf, which is never re-entered). */
let safeAtoms: AtomTable | null = null;

/** Checks the atom at p (tag included) and returns the position after it. */
function skipAtom(input: EtfInput, body: Uint8Array, p: number): number {
  const at = p;
  input.need(p, 1);
  const tag = body[p]!;
  let length: number;
  let utf8: boolean;
  if (tag === EtfTag.ATOM_EXT || tag === EtfTag.ATOM_UTF8_EXT) {
    input.need(p + 1, 2);
    length = input.u16(p + 1);
    p += 3;
    utf8 = tag === EtfTag.ATOM_UTF8_EXT;
  } else if (tag === EtfTag.SMALL_ATOM_EXT || tag === EtfTag.SMALL_ATOM_UTF8_EXT) {
    input.need(p + 1, 1);
    length = body[p + 1]!;
    p += 2;
    utf8 = tag === EtfTag.SMALL_ATOM_UTF8_EXT;
  } else {
    return input.fail('bad_etf', `expected an atom, found tag ${tag}`, at);
  }
  input.need(p, length);
  const characters = utf8 ? utf8Characters(body, p, p + length) : length;
  if (characters < 0) input.fail('bad_etf', 'atom text is not valid UTF-8', at);
  if (characters > MAX_ATOM_CHARACTERS) input.fail('limit_exceeded', `atom of ${characters} characters, at most ${MAX_ATOM_CHARACTERS}`, at);
  if (safeAtoms !== null) {
    const known = utf8 ? safeAtoms.lookupUtf8(body, p, p + length) : safeAtoms.lookup(atomName(body, p, p + length, false));
    if (known === undefined) input.fail('bad_etf', 'unknown atom refused in safe mode', at);
  }
  return p + length;
}

/** Name of the atom at p (tag included); skipAtom validates it. */
function atomNameAt(input: EtfInput, body: Uint8Array, p: number): string {
  input.need(p, 1);
  const tag = body[p]!;
  const long = tag === EtfTag.ATOM_EXT || tag === EtfTag.ATOM_UTF8_EXT;
  input.need(p + 1, long ? 2 : 1);
  const length = long ? input.u16(p + 1) : body[p + 1]!;
  const start = p + (long ? 3 : 2);
  input.need(start, length);
  return atomName(body, start, start + length, tag === EtfTag.ATOM_UTF8_EXT || tag === EtfTag.SMALL_ATOM_UTF8_EXT);
}

/** Heap words of the last pid measurePid read (a second result, kept out of an allocated pair). */
let pidWords = 0;

/** Checks a pid at p (tag included); sets pidWords and returns the position after it. */
function measurePid(store: TermStore, input: EtfInput, body: Uint8Array, p: number): number {
  const at = p;
  input.need(p, 1);
  const tag = body[p++]!;
  if (tag !== EtfTag.NEW_PID_EXT && tag !== EtfTag.PID_EXT) input.fail('bad_etf', `expected a pid, found tag ${tag}`, at);
  const node = atomNameAt(input, body, p);
  p = skipAtom(input, body, p);
  const creationBytes = tag === EtfTag.NEW_PID_EXT ? 4 : 1;
  input.need(p, 8 + creationBytes);
  const number = input.u32(p);
  const serial = input.u32(p + 4);
  const creation = creationBytes === 4 ? input.u32(p + 8) : body[p + 8]!;
  if (creationBytes === 1 && !isTinyCreation(creation)) input.fail('bad_etf', `PID_EXT creation ${creation} (0..3)`, at);
  const local = isThisNode(store, node, creation);
  if (local && !fitsLocalPid(number, serial)) input.fail('bad_etf', 'a pid number or serial this node cannot have', at);
  pidWords = local ? 0 : EXTERNAL_PID_WORDS;
  return p + 8 + creationBytes;
}

/** Checks a SMALL_INTEGER_EXT or INTEGER_EXT at p; returns the position after it. */
function skipSmallInteger(input: EtfInput, body: Uint8Array, p: number, what: string): number {
  input.need(p, 1);
  const tag = body[p]!;
  if (tag === EtfTag.SMALL_INTEGER_EXT) {
    input.need(p + 1, 1);
    return p + 2;
  }
  if (tag === EtfTag.INTEGER_EXT) {
    input.need(p + 1, 4);
    return p + 5;
  }
  return input.fail('bad_etf', `${what} must be an integer, found tag ${tag}`, p);
}
