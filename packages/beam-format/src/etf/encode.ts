import { BeamFormatError } from '../errors.js';
import {
  ErlAtom,
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
  type Term,
} from '../term/values.js';
import { ByteSink } from '../writer/byte-sink.js';
import { compressEtfBody } from './compressed.js';
import { formatFloatText } from './float-text.js';
import { ETF_VERSION, EtfTag } from './tags.js';
import { DEFAULT_ETF_LIMITS } from './limits.js';
import { compareTerms } from './term-order.js';

/** The options of `term_to_binary/2`, with OTP 25's defaults. */
export interface EncodeEtfOptions {
  /**
   * 0: floats as FLOAT_EXT text; 1 (default): NEW_FLOAT_EXT; both write Latin-1 atoms as
   * ATOM_EXT (100) as OTP 25 does. 2: every atom as UTF-8 (119/118).
   */
  minorVersion?: 0 | 1 | 2;
  /** `true` = zlib level 6; a number 0..9 is the level (0 = not compressed). */
  compressed?: boolean | number;
  /** Map keys sorted in term order instead of the order the ErlMap holds them. */
  deterministic?: boolean;
  /**
   * Most terms to write (default `DEFAULT_ETF_LIMITS.maxElements`). Terms are trees; a
   * JS value with a cycle (an array containing itself) would never end, and is stopped
   * here with `limit_exceeded`.
   */
  maxElements?: number;
}

/**
 * Encodes a term to the External Term Format, byte-identical to OTP 25's
 * `term_to_binary/2` with the same options. Pids are written as NEW_PID_EXT, references
 * as NEWER_REFERENCE_EXT and ports as NEW_PORT_EXT (V4_PORT_EXT when the id needs more
 * than 28 bits), as OTP 25 does whatever form they were decoded from.
 */
export function encodeEtf(term: Term, options?: EncodeEtfOptions): Uint8Array {
  // One scratch buffer for all calls: encoding never calls out, so it is not re-entered,
  // and the result is a copy of exactly the bytes written.
  const sink = scratch;
  sink.length = 0;
  try {
    sink.u8(ETF_VERSION);
    encodeEtfBody(term, sink, options);
    const level = options?.compressed === true ? 6 : options?.compressed === false ? 0 : (options?.compressed ?? 0);
    if (level === 0) return sink.toBytes();
    return compressEtfBody(sink.raw.subarray(1, sink.length), level) ?? sink.toBytes();
  } finally {
    // Do not keep a buffer grown for one huge term.
    if (sink.raw.length > SCRATCH_KEEP_BYTES) scratch = new ByteSink(SCRATCH_INITIAL_BYTES);
  }
}

const SCRATCH_INITIAL_BYTES = 4096;
const SCRATCH_KEEP_BYTES = 1024 * 1024;
let scratch = new ByteSink(SCRATCH_INITIAL_BYTES);

/** Appends Tag+Data (no 131) of `term` to `sink`. */
export function encodeEtfBody(term: Term, sink: ByteSink, options?: EncodeEtfOptions): void {
  new EtfEncoder(
    sink,
    options?.minorVersion ?? 1,
    options?.deterministic ?? false,
    options?.maxElements ?? DEFAULT_ETF_LIMITS.maxElements,
  ).encode(term);
}

/** A work-stack entry that is not a term: fill in a NEW_FUN_EXT size once known. */
class PatchFunSize {
  constructor(readonly sizeFieldAt: number) {}
}

const utf8 = new TextEncoder();
/** The tail every proper LIST_EXT ends with. */
const NIL: Term = [];
const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const MAX_NEW_PORT_ID = 0x0fffffffn;

/**
 * Atom encodings per (atom, mode). Atoms are interned for the life of the process (the
 * intern table never drops them), so a Map keyed by the atom holds nothing extra alive
 * and is faster than a WeakMap.
 */
const latin1AtomCache = new Map<ErlAtom, Uint8Array>();
const utf8AtomCache = new Map<ErlAtom, Uint8Array>();

class EtfEncoder {
  private readonly atomCache: Map<ErlAtom, Uint8Array>;

  constructor(
    private readonly sink: ByteSink,
    private readonly minorVersion: 0 | 1 | 2,
    private readonly deterministic: boolean,
    private readonly maxElements: number,
  ) {
    this.atomCache = minorVersion === 2 ? utf8AtomCache : latin1AtomCache;
  }

  /** Terms left to write before `maxElements` is reached. */
  private budget = 0;

  private tooMany(): never {
    throw new BeamFormatError(
      'limit_exceeded',
      `more than ${this.maxElements} terms to encode (is there a cycle?)`,
      this.sink.length,
    );
  }

  private fail(detail: string): never {
    throw new BeamFormatError('bad_etf', `cannot encode: ${detail}`, this.sink.length);
  }

  encode(root: Term): void {
    const sink = this.sink;
    // Terms still to write, last one first; PatchFunSize entries close a NEW_FUN_EXT.
    const work: Array<Term | PatchFunSize> = [root];
    this.budget = this.maxElements;
    while (work.length > 0) {
      const term = work.pop()!;
      if (--this.budget < 0) this.tooMany();
      if (typeof term === 'number') {
        this.integer(term);
      } else if (term instanceof ErlAtom) {
        this.atom(term);
      } else if (Array.isArray(term)) {
        this.properList(term, work);
      } else if (term instanceof ErlTuple) {
        const elements = term.elements;
        if (elements.length <= 0xff) {
          sink.u8(EtfTag.SMALL_TUPLE_EXT);
          sink.u8(elements.length);
        } else {
          sink.u8(EtfTag.LARGE_TUPLE_EXT);
          sink.u32(elements.length);
        }
        this.elements(elements, work);
      } else if (typeof term === 'bigint') {
        this.integer(term);
      } else if (term instanceof ErlFloat) {
        this.float(term.value);
      } else if (term instanceof Uint8Array) {
        sink.u8(EtfTag.BINARY_EXT);
        sink.u32(term.length);
        sink.bytes(term);
      } else if (term instanceof ErlMap) {
        this.map(term, work);
      } else if (term instanceof ErlImproperList) {
        this.list(term.elements, term.tail, work);
      } else if (term instanceof ErlBitstring) {
        this.bitstring(term);
      } else if (term instanceof ErlExportFun) {
        sink.u8(EtfTag.EXPORT_EXT);
        this.atom(term.module);
        this.atom(term.name);
        this.integer(term.arity);
      } else if (term instanceof ErlClosure) {
        this.closure(term, work);
      } else if (term instanceof ErlPid) {
        this.pid(term);
      } else if (term instanceof ErlPort) {
        this.port(term);
      } else if (term instanceof ErlRef) {
        sink.u8(EtfTag.NEWER_REFERENCE_EXT);
        sink.u16(term.ids.length);
        this.atom(term.node);
        sink.u32(term.creation);
        for (const id of term.ids) sink.u32(id);
      } else if (term instanceof PatchFunSize) {
        sink.patchU32(term.sizeFieldAt, sink.length - term.sizeFieldAt);
      } else {
        this.fail(`${String(term)} is not an Erlang term`);
      }
    }
  }

  private integer(value: number | bigint): void {
    const sink = this.sink;
    if (typeof value === 'number') {
      if (!Number.isInteger(value)) this.fail(`${value} is not an integer (use ErlFloat for floats)`);
      if (value >= 0 && value <= 0xff) {
        sink.u8(EtfTag.SMALL_INTEGER_EXT);
        sink.u8(value);
        return;
      }
      if (value >= INT32_MIN && value <= INT32_MAX) {
        sink.u8(EtfTag.INTEGER_EXT);
        sink.u32(value);
        return;
      }
      if (Number.isSafeInteger(value)) {
        // Up to 7 magnitude bytes, little-endian.
        let magnitude = Math.abs(value);
        const bytes: number[] = [];
        while (magnitude > 0) {
          bytes.push(magnitude % 256);
          magnitude = Math.floor(magnitude / 256);
        }
        sink.u8(EtfTag.SMALL_BIG_EXT);
        sink.u8(bytes.length);
        sink.u8(value < 0 ? 1 : 0);
        sink.bytes(bytes);
        return;
      }
      this.fail(`${value} is not a safe integer (use a bigint)`);
    }
    if (value >= BigInt(INT32_MIN) && value <= BigInt(INT32_MAX)) {
      this.integer(Number(value));
      return;
    }
    const negative = value < 0n;
    const hex = (negative ? -value : value).toString(16);
    const even = hex.length & 1 ? '0' + hex : hex;
    const length = even.length >>> 1;
    if (length <= 0xff) {
      sink.u8(EtfTag.SMALL_BIG_EXT);
      sink.u8(length);
    } else {
      sink.u8(EtfTag.LARGE_BIG_EXT);
      sink.u32(length);
    }
    sink.u8(negative ? 1 : 0);
    sink.reserve(length);
    const raw = sink.raw;
    const at = sink.length;
    // hex is most significant first; ETF wants the least significant byte first.
    for (let i = 0; i < length; i++) {
      const j = even.length - 2 * (i + 1);
      raw[at + i] = (hexValue(even.charCodeAt(j)) << 4) | hexValue(even.charCodeAt(j + 1));
    }
    sink.length = at + length;
  }

  private float(value: number): void {
    const sink = this.sink;
    if (!Number.isFinite(value)) this.fail(`${value} is not a finite float`);
    if (this.minorVersion === 0) {
      const text = formatFloatText(value);
      sink.u8(EtfTag.FLOAT_EXT);
      sink.reserve(31);
      const raw = sink.raw;
      const at = sink.length;
      for (let i = 0; i < 31; i++) raw[at + i] = i < text.length ? text.charCodeAt(i) : 0;
      sink.length = at + 31;
      return;
    }
    sink.u8(EtfTag.NEW_FLOAT_EXT);
    sink.reserve(8);
    new DataView(sink.raw.buffer, sink.raw.byteOffset + sink.length, 8).setFloat64(0, value);
    sink.length += 8;
  }

  private atom(value: ErlAtom): void {
    let encoded = this.atomCache.get(value);
    if (encoded === undefined) {
      encoded = encodeAtom(value.name, this.minorVersion === 2);
      this.atomCache.set(value, encoded);
    }
    this.sink.bytes(encoded);
  }

  /**
   * Writes leading leaf elements (integers, atoms) at once and queues the rest, so that
   * the common small tuples and lists do not go through the work stack.
   */
  private elements(elements: readonly Term[], work: Array<Term | PatchFunSize>): void {
    let i = 0;
    for (; i < elements.length; i++) {
      const element = elements[i]!;
      if (typeof element === 'number') this.integer(element);
      else if (element instanceof ErlAtom) this.atom(element);
      else break;
      if (--this.budget < 0) this.tooMany();
    }
    for (let j = elements.length - 1; j >= i; j--) work.push(elements[j]!);
  }

  /** The common case: a JS array, i.e. a proper list. */
  private properList(elements: readonly Term[], work: Array<Term | PatchFunSize>): void {
    const sink = this.sink;
    const length = elements.length;
    if (length === 0) {
      sink.u8(EtfTag.NIL_EXT);
      return;
    }
    if (length <= 0xffff && isByteList(elements)) {
      sink.u8(EtfTag.STRING_EXT);
      sink.u16(length);
      sink.bytes(elements as number[]);
      return;
    }
    sink.u8(EtfTag.LIST_EXT);
    sink.u32(length);
    work.push(NIL);
    this.elements(elements, work);
  }

  private list(elements: readonly Term[], tail: Term, work: Array<Term | PatchFunSize>): void {
    const sink = this.sink;
    // An ErlImproperList whose tail is itself a list is, in Erlang, one list.
    while (true) {
      if (Array.isArray(tail)) {
        if (tail.length === 0) break;
        elements = elements.concat(tail);
        tail = [];
      } else if (tail instanceof ErlImproperList) {
        elements = elements.concat(tail.elements);
        tail = tail.tail;
      } else {
        break;
      }
    }
    const proper = Array.isArray(tail);
    if (elements.length === 0) {
      if (proper) sink.u8(EtfTag.NIL_EXT);
      else work.push(tail);
      return;
    }
    if (proper && elements.length <= 0xffff && isByteList(elements)) {
      sink.u8(EtfTag.STRING_EXT);
      sink.u16(elements.length);
      sink.bytes(elements as number[]);
      return;
    }
    sink.u8(EtfTag.LIST_EXT);
    sink.u32(elements.length);
    work.push(tail);
    for (let i = elements.length - 1; i >= 0; i--) work.push(elements[i]!);
  }

  private map(map: ErlMap, work: Array<Term | PatchFunSize>): void {
    const sink = this.sink;
    sink.u8(EtfTag.MAP_EXT);
    sink.u32(map.entries.length);
    const entries = this.deterministic ? [...map.entries].sort((a, b) => compareTerms(a[0], b[0])) : map.entries;
    for (let i = entries.length - 1; i >= 0; i--) work.push(entries[i]![1], entries[i]![0]);
  }

  private bitstring(value: ErlBitstring): void {
    const sink = this.sink;
    const bytes = value.bytes;
    if (bytes.length === 0 || value.bitsInLastByte === 8) {
      sink.u8(EtfTag.BINARY_EXT);
      sink.u32(bytes.length);
      sink.bytes(bytes);
      return;
    }
    if (!(value.bitsInLastByte >= 1 && value.bitsInLastByte <= 8)) {
      this.fail(`bitstring with ${value.bitsInLastByte} bits in its last byte`);
    }
    sink.u8(EtfTag.BIT_BINARY_EXT);
    sink.u32(bytes.length);
    sink.u8(value.bitsInLastByte);
    sink.bytes(bytes);
    // As OTP: unused low bits of the last byte are written as zero.
    const raw = sink.raw;
    raw[sink.length - 1] = raw[sink.length - 1]! & (0xff << (8 - value.bitsInLastByte)) & 0xff;
  }

  private pid(pid: ErlPid): void {
    const sink = this.sink;
    sink.u8(EtfTag.NEW_PID_EXT);
    this.atom(pid.node);
    sink.u32(pid.id);
    sink.u32(pid.serial);
    sink.u32(pid.creation);
  }

  private port(port: ErlPort): void {
    const sink = this.sink;
    // As OTP 25: V4_PORT_EXT only for ids beyond the 28 bits old nodes can take.
    if (port.id <= MAX_NEW_PORT_ID) {
      sink.u8(EtfTag.NEW_PORT_EXT);
      this.atom(port.node);
      sink.u32(Number(port.id));
    } else {
      sink.u8(EtfTag.V4_PORT_EXT);
      this.atom(port.node);
      sink.u32(Number(port.id >> 32n));
      sink.u32(Number(port.id & 0xffffffffn));
    }
    sink.u32(port.creation);
  }

  private closure(fun: ErlClosure, work: Array<Term | PatchFunSize>): void {
    const sink = this.sink;
    if (fun.uniq.length !== 16) this.fail(`closure uniq of ${fun.uniq.length} bytes (must be 16)`);
    sink.u8(EtfTag.NEW_FUN_EXT);
    const sizeFieldAt = sink.length;
    sink.u32(0);
    sink.u8(fun.arity);
    sink.bytes(fun.uniq);
    sink.u32(fun.index);
    sink.u32(fun.freeVars.length);
    this.atom(fun.module);
    this.integer(fun.oldIndex);
    this.integer(fun.oldUniq);
    this.pid(fun.pid);
    work.push(new PatchFunSize(sizeFieldAt));
    for (let i = fun.freeVars.length - 1; i >= 0; i--) work.push(fun.freeVars[i]!);
  }
}

function isByteList(elements: readonly Term[]): boolean {
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i];
    if (typeof element !== 'number' || !(element >= 0 && element <= 0xff) || !Number.isInteger(element)) return false;
  }
  return true;
}

function hexValue(code: number): number {
  return code <= 0x39 ? code - 0x30 : code - 0x57;
}

/** Whether every character of an atom name is Latin-1, so OTP 25's default writes it as ATOM_EXT. */
export function isLatin1AtomName(name: string): boolean {
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) > 0xff) return false;
  return true;
}

/**
 * OTP 25 writes an atom whose characters are all Latin-1 as ATOM_EXT (100) unless
 * minor version 2 asks for UTF-8; others as SMALL_ATOM_UTF8_EXT / ATOM_UTF8_EXT.
 */
function encodeAtom(name: string, forceUtf8: boolean): Uint8Array {
  if (!forceUtf8 && isLatin1AtomName(name)) {
    const out = new Uint8Array(3 + name.length);
    out[0] = EtfTag.ATOM_EXT;
    out[1] = name.length >>> 8;
    out[2] = name.length & 0xff;
    for (let i = 0; i < name.length; i++) out[3 + i] = name.charCodeAt(i);
    return out;
  }
  const text = utf8.encode(name);
  if (text.length <= 0xff) {
    const out = new Uint8Array(2 + text.length);
    out[0] = EtfTag.SMALL_ATOM_UTF8_EXT;
    out[1] = text.length;
    out.set(text, 2);
    return out;
  }
  const out = new Uint8Array(3 + text.length);
  out[0] = EtfTag.ATOM_UTF8_EXT;
  out[1] = text.length >>> 8;
  out[2] = text.length & 0xff;
  out.set(text, 3);
  return out;
}
