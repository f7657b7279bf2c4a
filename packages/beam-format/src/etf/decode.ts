import { BeamFormatError, type BeamFormatErrorCode } from '../errors.js';
import { inflate } from '../inflate.js';
import {
  ErlBitstring,
  ErlClosure,
  ErlExportFun,
  ErlFloat,
  ErlImproperList,
  ErlMap,
  ErlPid,
  ErlPort,
  ErlRef,
  ErlTuple,
  atom,
  type ErlAtom,
  type Term,
} from '../term/values.js';
import type { ZlibEngine } from '../zlib-engine.js';
import { DEFAULT_ETF_LIMITS, resolveEtfLimits, type EtfLimits } from './limits.js';
import { findDuplicateKey } from './map-keys.js';
import { ETF_VERSION, EtfTag, REFUSED_ETF_TAGS, etfTagName } from './tags.js';

export interface DecodeEtfOptions {
  /** Where the term (its 131 byte) starts in `bytes`; default 0. */
  offset?: number;
  limits?: Partial<EtfLimits>;
  /** Chunk id reported in errors, e.g. `LitT`. */
  chunk?: string;
  /** Absolute offset of `bytes[0]` in the caller's input; errors report base + position. */
  baseOffset?: number;
  /** zlib implementation for the compressed form; default: node:zlib when present. */
  zlibEngine?: ZlibEngine;
}

export interface DecodedEtf {
  term: Term;
  /**
   * Bytes consumed from `offset`, the 131 byte included. A compressed term (131 80)
   * carries no length of its zlib stream, so it is taken to extend to the end of `bytes`.
   */
  length: number;
}

/** Decodes one External Term Format term that starts with the 131 version byte. */
export function decodeEtf(bytes: Uint8Array, options?: DecodeEtfOptions): Term {
  return decodeStart(bytes, options, undefined);
}

export function decodeEtfWithLength(bytes: Uint8Array, options?: DecodeEtfOptions): DecodedEtf {
  const consumed = { length: 0 };
  const term = decodeStart(bytes, options, consumed);
  return { term, length: consumed.length };
}

function decodeStart(bytes: Uint8Array, options: DecodeEtfOptions | undefined, consumed: { length: number } | undefined): Term {
  const start = options?.offset ?? 0;
  const base = options?.baseOffset ?? 0;
  const chunk = options?.chunk;
  const limits = options?.limits === undefined ? DEFAULT_ETF_LIMITS : resolveEtfLimits(options.limits);
  if (start >= bytes.length) {
    throw new BeamFormatError('truncated', 'no bytes where an ETF term should start', base + start, chunk);
  }
  if (bytes[start] !== ETF_VERSION) {
    throw new BeamFormatError(
      'bad_etf',
      `ETF term must start with version byte 131, found ${bytes[start]}`,
      base + start,
      chunk,
    );
  }
  if (bytes[start + 1] === EtfTag.COMPRESSED) {
    const term = decodeCompressed(bytes, start, base, chunk, limits, options?.zlibEngine);
    if (consumed !== undefined) consumed.length = bytes.length - start;
    return term;
  }
  const decoder = new EtfDecoder(bytes, start + 1, base, chunk, limits, undefined);
  const term = decoder.decodeTerm();
  if (consumed !== undefined) consumed.length = decoder.position - start;
  return term;
}

/** 131 80, u32 inflated size, zlib stream of Tag+Data (no 131 in front). */
function decodeCompressed(
  bytes: Uint8Array,
  start: number,
  base: number,
  chunk: string | undefined,
  limits: EtfLimits,
  engine: ZlibEngine | undefined,
): Term {
  const headerAt = start + 1;
  if (bytes.length - headerAt < 5) {
    throw new BeamFormatError('truncated', 'compressed ETF header needs 4 size bytes', base + bytes.length, chunk);
  }
  const size =
    ((bytes[headerAt + 1]! << 24) | (bytes[headerAt + 2]! << 16) | (bytes[headerAt + 3]! << 8) | bytes[headerAt + 4]!) >>>
    0;
  if (size > limits.maxInflatedBytes) {
    throw new BeamFormatError(
      'limit_exceeded',
      `compressed ETF claims ${size} bytes, more than the limit of ${limits.maxInflatedBytes}`,
      base + headerAt + 1,
      chunk,
    );
  }
  const inflated = inflate(bytes.subarray(headerAt + 5), size, {
    maxBytes: limits.maxInflatedBytes,
    baseOffset: base + headerAt + 5,
    ...(chunk === undefined ? {} : { chunk }),
    ...(engine === undefined ? {} : { engine }),
  });
  // Positions inside the inflated bytes mean nothing in the caller's input: errors
  // there are reported at the compressed header and name the inflated position.
  const decoder = new EtfDecoder(inflated, 0, base, chunk, limits, base + headerAt);
  const term = decoder.decodeTerm();
  if (decoder.position !== inflated.length) {
    decoder.fail('bad_etf', `compressed term leaves ${inflated.length - decoder.position} inflated bytes unused`, decoder.position);
  }
  return term;
}

const FRAME_TUPLE = 0;
const FRAME_LIST = 1;
const FRAME_MAP = 2;
const FRAME_CLOSURE = 3;

/** A compound term whose elements are still being decoded. */
class Frame {
  constructor(
    readonly kind: number,
    /** Elements so far; for a list the last slot receives the tail. */
    readonly items: Term[],
    /** Number of child terms this frame waits for. */
    readonly count: number,
    /** NEW_FUN_EXT header fields, for FRAME_CLOSURE only. */
    readonly closure: ClosureHeader | undefined,
    /** Position of the tag byte, for errors found when the frame closes. */
    readonly startAt: number,
  ) {}
  index = 0;
}

interface ClosureHeader {
  arity: number;
  uniq: Uint8Array;
  index: number;
  module: ErlAtom;
  oldIndex: number;
  oldUniq: number;
  pid: ErlPid;
}

const MAX_ATOM_CHARACTERS = 255;

/**
 * Direct-mapped atom cache shared by all decodes: slot = hash of (encoding, bytes);
 * a hit is confirmed by comparing the bytes. `atomCacheLatin1` records whether the
 * bytes were read as Latin-1/ASCII or as UTF-8, which give different atoms for the
 * same non-ASCII bytes.
 */
const ATOM_CACHE_SIZE = 4096;
const ATOM_CACHE_MASK = ATOM_CACHE_SIZE - 1;
const atomCacheBytes: Array<Uint8Array | undefined> = new Array(ATOM_CACHE_SIZE);
const atomCacheLatin1: boolean[] = new Array(ATOM_CACHE_SIZE).fill(false);
const atomCacheAtoms: Array<ErlAtom | undefined> = new Array(ATOM_CACHE_SIZE);
const utf8 = new TextDecoder('utf-8', { fatal: true });
const floatScratch = new DataView(new ArrayBuffer(8));
const HEX_BYTES = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
/** As ERTS's sys_chars_to_double: sign, digits, a point (or comma), digits, exponent. */
const FLOAT_TEXT = /^[+-]?\d+[.,]\d+([eE][+-]?\d+)?$/;

/**
 * Iterative decoder: compound terms live on an explicit stack, so nesting depth is
 * bounded by `maxDepth`, never by the JS call stack.
 */
class EtfDecoder {
  position: number;
  private readonly end: number;
  /** Children announced by open frames and not yet started; each needs >= 1 byte. */
  private pending = 0;
  private elements = 0;
  private binaryBytes = 0;

  constructor(
    private readonly bytes: Uint8Array,
    start: number,
    private readonly base: number,
    private readonly chunk: string | undefined,
    private readonly limits: EtfLimits,
    /** Set for inflated data: the absolute offset every error is reported at. */
    private readonly reportAt: number | undefined,
  ) {
    this.position = start;
    this.end = bytes.length;
  }

  fail(code: BeamFormatErrorCode, detail: string, at: number): never {
    if (this.reportAt !== undefined) {
      throw new BeamFormatError(code, `${detail} (at byte ${at} of the inflated term)`, this.reportAt, this.chunk);
    }
    throw new BeamFormatError(code, detail, this.base + at, this.chunk);
  }

  private need(count: number, what: string | number): void {
    if (this.end - this.position < count) {
      const name = typeof what === 'number' ? etfTagName(what) : what;
      this.fail('truncated', `${name} needs ${count} bytes, ${this.end - this.position} left`, this.position);
    }
  }

  private u8(): number {
    if (this.position >= this.end) this.fail('truncated', 'term ends early', this.position);
    return this.bytes[this.position++]!;
  }

  private u16(): number {
    this.need(2, 'a 16-bit length');
    const b = this.bytes;
    const p = this.position;
    this.position = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  private u32(): number {
    this.need(4, 'a 32-bit field');
    const b = this.bytes;
    const p = this.position;
    this.position = p + 4;
    return ((b[p]! << 24) | (b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!) >>> 0;
  }

  private i32(): number {
    return this.u32() | 0;
  }

  /**
   * Refuses an announced element count that the remaining input cannot hold, before an
   * array of that size is allocated: every pending element needs at least one byte.
   */
  private reserve(count: number, tagAt: number, tag: number): void {
    const available = this.end - this.position - this.pending;
    if (count > available) {
      this.fail('truncated', `${etfTagName(tag)} announces ${count} elements but only ${available} bytes remain`, tagAt);
    }
  }

  private countElement(at: number): void {
    if (++this.elements > this.limits.maxElements) {
      this.fail('limit_exceeded', `more than ${this.limits.maxElements} terms`, at);
    }
  }

  private takeBytes(length: number, at: number, what: string): Uint8Array {
    if (length > this.end - this.position) {
      this.fail('truncated', `${what} of ${length} bytes, ${this.end - this.position} left`, at);
    }
    this.binaryBytes += length;
    if (this.binaryBytes > this.limits.maxBinaryBytes) {
      this.fail('limit_exceeded', `more than ${this.limits.maxBinaryBytes} bytes of binaries`, at);
    }
    const start = this.position;
    this.position = start + length;
    return copyBytes(this.bytes, start, start + length);
  }

  decodeTerm(): Term {
    const stack: Frame[] = [];
    const maxDepth = this.limits.maxDepth;
    const bytes = this.bytes;
    for (;;) {
      const tagAt = this.position;
      if (stack.length > 0) this.pending--;
      this.countElement(tagAt);
      const tag = this.u8();
      let value: Term;
      switch (tag) {
        case EtfTag.SMALL_INTEGER_EXT:
          value = this.u8();
          break;
        case EtfTag.INTEGER_EXT:
          value = this.i32();
          break;
        case EtfTag.SMALL_BIG_EXT:
          value = this.readBig(this.u8(), tagAt);
          break;
        case EtfTag.LARGE_BIG_EXT:
          value = this.readBig(this.u32(), tagAt);
          break;
        case EtfTag.NEW_FLOAT_EXT:
          value = this.readNewFloat(tagAt);
          break;
        case EtfTag.FLOAT_EXT:
          value = this.readTextFloat(tagAt);
          break;
        case EtfTag.ATOM_EXT:
        case EtfTag.SMALL_ATOM_EXT:
        case EtfTag.ATOM_UTF8_EXT:
        case EtfTag.SMALL_ATOM_UTF8_EXT:
          value = this.readAtomBody(tag, tagAt);
          break;
        case EtfTag.NIL_EXT:
          value = [];
          break;
        case EtfTag.STRING_EXT: {
          const length = this.u16();
          this.need(length, 'STRING_EXT');
          const characters = new Array<number>(length);
          const p = this.position;
          for (let i = 0; i < length; i++) characters[i] = bytes[p + i]!;
          this.position = p + length;
          value = characters;
          break;
        }
        case EtfTag.BINARY_EXT:
          value = this.takeBytes(this.u32(), tagAt, 'BINARY_EXT');
          break;
        case EtfTag.BIT_BINARY_EXT:
          value = this.readBitBinary(tagAt);
          break;
        case EtfTag.SMALL_TUPLE_EXT:
        case EtfTag.LARGE_TUPLE_EXT: {
          const arity = tag === EtfTag.SMALL_TUPLE_EXT ? this.u8() : this.u32();
          if (arity === 0) {
            value = new ErlTuple([]);
            break;
          }
          this.reserve(arity, tagAt, tag);
          this.push(stack, new Frame(FRAME_TUPLE, new Array<Term>(arity), arity, undefined, tagAt), maxDepth, tagAt);
          continue;
        }
        case EtfTag.LIST_EXT: {
          const length = this.u32();
          // A LIST_EXT of no elements is just its tail; read the tail in its place.
          if (length === 0) {
            if (stack.length > 0) this.pending++;
            this.elements--;
            continue;
          }
          this.reserve(length + 1, tagAt, tag);
          this.push(stack, new Frame(FRAME_LIST, new Array<Term>(length + 1), length + 1, undefined, tagAt), maxDepth, tagAt);
          continue;
        }
        case EtfTag.MAP_EXT: {
          const pairs = this.u32();
          if (pairs === 0) {
            value = new ErlMap([]);
            break;
          }
          this.reserve(pairs * 2, tagAt, tag);
          this.push(stack, new Frame(FRAME_MAP, new Array<Term>(pairs * 2), pairs * 2, undefined, tagAt), maxDepth, tagAt);
          continue;
        }
        case EtfTag.EXPORT_EXT: {
          const module = this.readAtom('EXPORT_EXT module');
          const name = this.readAtom('EXPORT_EXT function');
          const arityAt = this.position;
          const arity = this.readFunInteger('EXPORT_EXT arity');
          // ERTS takes any non-negative arity here (even beyond 255, the largest real one).
          if (arity < 0) this.fail('bad_etf', `EXPORT_EXT arity ${arity} is negative`, arityAt);
          value = new ErlExportFun(module, name, arity);
          break;
        }
        case EtfTag.NEW_FUN_EXT: {
          const header = this.readClosureHeader();
          const numFree = header.numFree;
          if (numFree === 0) {
            value = this.finishClosure(header.header, []);
            break;
          }
          this.reserve(numFree, tagAt, tag);
          this.push(stack, new Frame(FRAME_CLOSURE, new Array<Term>(numFree), numFree, header.header, tagAt), maxDepth, tagAt);
          continue;
        }
        case EtfTag.NEW_PID_EXT:
        case EtfTag.PID_EXT:
          value = this.readPidBody(tag);
          break;
        case EtfTag.NEW_PORT_EXT:
        case EtfTag.PORT_EXT:
        case EtfTag.V4_PORT_EXT:
          value = this.readPortBody(tag);
          break;
        case EtfTag.NEWER_REFERENCE_EXT:
        case EtfTag.NEW_REFERENCE_EXT:
        case EtfTag.REFERENCE_EXT:
          value = this.readReferenceBody(tag, tagAt);
          break;
        default: {
          const refused = REFUSED_ETF_TAGS.get(tag);
          if (refused !== undefined) this.fail('unsupported', refused, tagAt);
          if (tag === EtfTag.COMPRESSED) this.fail('bad_etf', 'a compressed term (80) may only follow the 131 byte', tagAt);
          this.fail('unknown_etf_tag', `unknown ETF tag ${tag}`, tagAt);
        }
      }

      // Hand the finished value to the innermost open compound; close every compound
      // it completes.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return value;
        top.items[top.index++] = value;
        if (top.index < top.count) break;
        stack.pop();
        value = this.finishFrame(top);
      }
    }
  }

  private push(stack: Frame[], frame: Frame, maxDepth: number, at: number): void {
    if (stack.length >= maxDepth) this.fail('limit_exceeded', `nesting deeper than ${maxDepth}`, at);
    this.pending += frame.count;
    stack.push(frame);
  }

  private finishFrame(frame: Frame): Term {
    switch (frame.kind) {
      case FRAME_TUPLE:
        return new ErlTuple(frame.items);
      case FRAME_LIST: {
        const items = frame.items;
        const tail = items.pop()!;
        if (Array.isArray(tail)) return tail.length === 0 ? items : items.concat(tail);
        if (tail instanceof ErlImproperList) return new ErlImproperList(items.concat(tail.elements), tail.tail);
        return new ErlImproperList(items, tail);
      }
      case FRAME_MAP: {
        const flat = frame.items;
        const entries = new Array<[Term, Term]>(flat.length >>> 1);
        for (let i = 0; i < entries.length; i++) entries[i] = [flat[2 * i]!, flat[2 * i + 1]!];
        const duplicate = findDuplicateKey(entries);
        if (duplicate >= 0) this.fail('bad_etf', `MAP_EXT repeats a key (pair ${duplicate + 1})`, frame.startAt);
        return new ErlMap(entries);
      }
      default:
        return this.finishClosure(frame.closure!, frame.items);
    }
  }

  private readBig(length: number, tagAt: number): number | bigint {
    if (length > this.limits.maxBigIntegerBytes) {
      this.fail('limit_exceeded', `big integer of ${length} bytes, limit ${this.limits.maxBigIntegerBytes}`, tagAt);
    }
    const negative = this.u8() !== 0;
    this.need(length, 'big integer magnitude');
    const b = this.bytes;
    const p = this.position;
    this.position = p + length;
    // Little-endian magnitude. Up to 6 bytes fits a double exactly.
    if (length <= 6) {
      let magnitude = 0;
      for (let i = length - 1; i >= 0; i--) magnitude = magnitude * 256 + b[p + i]!;
      return negative && magnitude !== 0 ? -magnitude : magnitude;
    }
    if (length <= 8) {
      let low = 0;
      let high = 0;
      for (let i = Math.min(length, 4) - 1; i >= 0; i--) low = low * 256 + b[p + i]!;
      for (let i = length - 1; i >= 4; i--) high = high * 256 + b[p + i]!;
      // high < 2^21 keeps high * 2^32 + low within 2^53.
      if (high < 0x200000) {
        const magnitude = high * 0x100000000 + low;
        if (magnitude <= Number.MAX_SAFE_INTEGER) return negative && magnitude !== 0 ? -magnitude : magnitude;
      }
      const magnitude = (BigInt(high) << 32n) | BigInt(low);
      return negative ? -magnitude : magnitude;
    }
    let hex = '';
    if (length <= 64) {
      for (let i = length - 1; i >= 0; i--) hex += HEX_BYTES[b[p + i]!];
    } else {
      const parts = new Array<string>(length);
      for (let i = 0; i < length; i++) parts[i] = HEX_BYTES[b[p + length - 1 - i]!]!;
      hex = parts.join('');
    }
    const magnitude = BigInt('0x' + hex);
    if (magnitude <= MAX_SAFE_BIG) {
      const small = Number(magnitude);
      return negative && small !== 0 ? -small : small;
    }
    return negative ? -magnitude : magnitude;
  }

  private readNewFloat(tagAt: number): ErlFloat {
    this.need(8, 'NEW_FLOAT_EXT');
    const b = this.bytes;
    const p = this.position;
    for (let i = 0; i < 8; i++) floatScratch.setUint8(i, b[p + i]!);
    this.position = p + 8;
    const value = floatScratch.getFloat64(0);
    if (!Number.isFinite(value)) this.fail('bad_etf', 'NEW_FLOAT_EXT is not a finite number', tagAt);
    return new ErlFloat(value);
  }

  private readTextFloat(tagAt: number): ErlFloat {
    this.need(31, 'FLOAT_EXT');
    const p = this.position;
    let text = '';
    for (let i = 0; i < 31; i++) {
      const byte = this.bytes[p + i]!;
      if (byte === 0) break;
      text += String.fromCharCode(byte);
    }
    this.position = p + 31;
    const value = FLOAT_TEXT.test(text) ? Number(text.replace(',', '.')) : Number.NaN;
    if (!Number.isFinite(value)) this.fail('bad_etf', `FLOAT_EXT text ${JSON.stringify(text)} is not a float`, tagAt);
    return new ErlFloat(value);
  }

  /** An atom in any of the four atom encodings, used where ETF requires an atom. */
  private readAtom(what: string): ErlAtom {
    const tagAt = this.position;
    const tag = this.u8();
    if (
      tag !== EtfTag.ATOM_EXT &&
      tag !== EtfTag.SMALL_ATOM_EXT &&
      tag !== EtfTag.ATOM_UTF8_EXT &&
      tag !== EtfTag.SMALL_ATOM_UTF8_EXT
    ) {
      const refused = REFUSED_ETF_TAGS.get(tag);
      if (refused !== undefined) this.fail('unsupported', `${what}: ${refused}`, tagAt);
      this.fail('bad_etf', `${what} must be an atom, found ${etfTagName(tag)}`, tagAt);
    }
    return this.readAtomBody(tag, tagAt);
  }

  private readAtomBody(tag: number, tagAt: number): ErlAtom {
    const small = tag === EtfTag.SMALL_ATOM_EXT || tag === EtfTag.SMALL_ATOM_UTF8_EXT;
    const length = small ? this.u8() : this.u16();
    this.need(length, tag);
    const b = this.bytes;
    const p = this.position;
    this.position = p + length;
    // Hash the bytes while checking for ASCII, to look the atom up in a small cache
    // without building its name: literal tables repeat the same atoms many times.
    let ascii = true;
    let hash = 0x811c9dc5;
    for (let i = 0; i < length; i++) {
      const byte = b[p + i]!;
      if (byte >= 0x80) ascii = false;
      hash = Math.imul(hash ^ byte, 0x01000193);
    }
    const latin1 = tag === EtfTag.ATOM_EXT || tag === EtfTag.SMALL_ATOM_EXT;
    // ASCII reads the same in both encodings, so one cache entry serves both tags.
    const slot = (hash >>> 0) & ATOM_CACHE_MASK;
    const cached = atomCacheBytes[slot];
    if (cached !== undefined && cached.length === length && atomCacheLatin1[slot] === (latin1 || ascii)) {
      let same = true;
      for (let i = 0; i < length; i++) {
        if (cached[i] !== b[p + i]) {
          same = false;
          break;
        }
      }
      if (same) return atomCacheAtoms[slot]!;
    }
    let name: string;
    if (ascii || latin1) {
      // ASCII, or Latin-1 where every byte is its own code point.
      if (length > MAX_ATOM_CHARACTERS) this.fail('bad_etf', `atom of ${length} characters (max 255)`, tagAt);
      name = length <= 32 ? shortLatin1(b, p, length) : String.fromCharCode.apply(null, Array.from(b.subarray(p, p + length)));
    } else {
      try {
        name = utf8.decode(b.subarray(p, p + length));
      } catch {
        this.fail('bad_etf', 'atom text is not valid UTF-8', tagAt);
      }
      let characters = 0;
      for (const _ of name) characters++;
      if (characters > MAX_ATOM_CHARACTERS) this.fail('bad_etf', `atom of ${characters} characters (max 255)`, tagAt);
    }
    const value = atom(name);
    atomCacheBytes[slot] = copyBytes(b, p, p + length);
    atomCacheLatin1[slot] = latin1 || ascii;
    atomCacheAtoms[slot] = value;
    return value;
  }

  private readBitBinary(tagAt: number): Uint8Array | ErlBitstring {
    const length = this.u32();
    const bits = this.u8();
    // As ERTS: bits is 1..8 for a non-empty bitstring and 0 only for an empty one.
    if (bits > 8 || (bits === 0) !== (length === 0)) {
      this.fail('bad_etf', `BIT_BINARY_EXT with ${length} bytes cannot use ${bits} bits of its last byte`, tagAt);
    }
    const data = this.takeBytes(length, tagAt, 'BIT_BINARY_EXT');
    if (bits === 8 || length === 0) return data;
    // The unused low bits are not part of the value; clear them so equal bitstrings
    // have equal bytes (ERTS ignores them too).
    data[length - 1] = data[length - 1]! & (0xff << (8 - bits)) & 0xff;
    return new ErlBitstring(data, bits);
  }

  private readPidBody(tag: number): ErlPid {
    const node = this.readAtom('pid node');
    const id = this.u32();
    const serial = this.u32();
    const creation = tag === EtfTag.NEW_PID_EXT ? this.u32() : this.tinyCreation();
    return new ErlPid(node, id, serial, creation);
  }

  private readPortBody(tag: number): ErlPort {
    const node = this.readAtom('port node');
    let id: bigint;
    if (tag === EtfTag.V4_PORT_EXT) {
      const high = this.u32();
      const low = this.u32();
      id = (BigInt(high) << 32n) | BigInt(low);
    } else {
      id = BigInt(this.u32());
    }
    const creation = tag === EtfTag.PORT_EXT ? this.tinyCreation() : this.u32();
    return new ErlPort(node, id, creation);
  }

  private readReferenceBody(tag: number, tagAt: number): ErlRef {
    if (tag === EtfTag.REFERENCE_EXT) {
      const node = this.readAtom('reference node');
      const id = this.oldReferenceWord(this.u32(), tagAt);
      return new ErlRef(node, this.tinyCreation(), [id]);
    }
    const length = this.u16();
    if (length > MAX_REFERENCE_WORDS) {
      this.fail('bad_etf', `reference with ${length} id words (at most ${MAX_REFERENCE_WORDS})`, tagAt);
    }
    const node = this.readAtom('reference node');
    const creation = tag === EtfTag.NEWER_REFERENCE_EXT ? this.u32() : this.tinyCreation();
    const ids = new Array<number>(length);
    for (let i = 0; i < length; i++) ids[i] = this.u32();
    if (tag === EtfTag.NEW_REFERENCE_EXT && length > 0) this.oldReferenceWord(ids[0]!, tagAt);
    return new ErlRef(node, creation, ids);
  }

  /** The u8 creation of the pre-OTP 23 forms: only 2 bits are significant, and ERTS refuses more. */
  private tinyCreation(): number {
    const at = this.position;
    const creation = this.u8();
    if (creation > MAX_TINY_CREATION) this.fail('bad_etf', `creation ${creation} of an old-style pid/port/ref is over 3`, at);
    return creation;
  }

  /** The first id word of REFERENCE_EXT / NEW_REFERENCE_EXT: 18 significant bits (ERTS refuses more). */
  private oldReferenceWord(word: number, tagAt: number): number {
    if (word > MAX_OLD_REFERENCE_WORD) this.fail('bad_etf', `reference id word 0x${word.toString(16)} is over 18 bits`, tagAt);
    return word;
  }

  private readClosureHeader(): { header: ClosureHeader; numFree: number } {
    this.u32(); // Size: ERTS does not check it against the content, so neither do we.
    const arity = this.u8();
    this.need(16, 'NEW_FUN_EXT uniq');
    const uniq = copyBytes(this.bytes, this.position, this.position + 16);
    this.position += 16;
    const index = this.u32();
    const numFree = this.u32();
    const module = this.readAtom('NEW_FUN_EXT module');
    const oldIndex = this.readFunInteger('NEW_FUN_EXT old index');
    const oldUniq = this.readFunInteger('NEW_FUN_EXT old uniq');
    const pidAt = this.position;
    const pidTag = this.u8();
    if (pidTag !== EtfTag.NEW_PID_EXT && pidTag !== EtfTag.PID_EXT) {
      this.fail('bad_etf', `NEW_FUN_EXT pid must be a pid, found ${etfTagName(pidTag)}`, pidAt);
    }
    const pid = this.readPidBody(pidTag);
    return { header: { arity, uniq, index, module, oldIndex, oldUniq, pid }, numFree };
  }

  private readFunInteger(what: string): number {
    const at = this.position;
    const tag = this.u8();
    if (tag === EtfTag.SMALL_INTEGER_EXT) return this.u8();
    if (tag === EtfTag.INTEGER_EXT) return this.i32();
    this.fail('bad_etf', `${what} must be an integer, found ${etfTagName(tag)}`, at);
  }

  /** ERTS does not check NEW_FUN_EXT's Size field against its content; neither do we. */
  private finishClosure(header: ClosureHeader, freeVars: Term[]): ErlClosure {
    return new ErlClosure(
      header.module,
      header.arity,
      header.uniq,
      header.index,
      header.oldIndex,
      header.oldUniq,
      header.pid,
      freeVars,
    );
  }
}

const MAX_SAFE_BIG = BigInt(Number.MAX_SAFE_INTEGER);
/** Largest creation of PID_EXT, PORT_EXT, REFERENCE_EXT and NEW_REFERENCE_EXT (2 bits). */
const MAX_TINY_CREATION = 3;
/** Largest first id word of REFERENCE_EXT and NEW_REFERENCE_EXT (18 bits). */
const MAX_OLD_REFERENCE_WORD = 0x3ffff;
/** ERTS refuses references with more id words (ERTS_MAX_REF_NUMBERS). */
const MAX_REFERENCE_WORDS = 5;

/**
 * A plain Uint8Array copy of bytes[start, end). Not `bytes.slice`: on a Node Buffer that
 * returns a view, which would keep the input alive and, for Buffers from Node's shared
 * pool, change under our feet when the pool is reused.
 */
function copyBytes(bytes: Uint8Array, start: number, end: number): Uint8Array {
  const copy = new Uint8Array(end - start);
  copy.set(bytes.subarray(start, end));
  return copy;
}

function shortLatin1(bytes: Uint8Array, start: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += String.fromCharCode(bytes[start + i]!);
  return text;
}
