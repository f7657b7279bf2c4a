import { EtfTag, deflate, isLatin1AtomName } from '@beamload/beam-format';
import { termViews } from '../term/term-views.js';
import type { TermStore } from '../term/term-store.js';
import { ByteSink } from './byte-sink.js';
import { TermClass, termClass } from '../ops/term-class.js';
import {
  HEADER_MAP_HASH,
  HEADER_NEG_BIG,
  HEADER_REF,
  atomIndex,
  headerArity,
  headerTag,
  isList,
  isSmall,
  pointerIndex,
  smallValue,
} from '../layout.js';
import { readFloat } from '../term/float.js';
import { bitsLocation, extractBits } from '../term/binary.js';
import { mapEntries } from '../term/map.js';
import { sortedEntries } from '../ops/compare.js';
import { otpMapOrder } from '../ops/otp-map-order.js';
import {
  EXTERNAL_CREATION_FIELD,
  EXTERNAL_NODE_FIELD,
  EXTERNAL_PID_NUMBER_FIELD,
  EXTERNAL_PID_SERIAL_FIELD,
  EXTERNAL_PORT_ID_HIGH_FIELD,
  EXTERNAL_PORT_ID_LOW_FIELD,
  isLocalPid,
  isLocalPort,
  localPidNumber,
  localPidSerial,
  localPortNumber,
  refNumbers,
  MAX_LOCAL_PORT,
} from '../term/pid-port-ref.js';
import {
  EXPORT_ARITY_FIELD,
  EXPORT_FUNCTION_FIELD,
  EXPORT_MODULE_FIELD,
  FUN_ARITY_FIELD,
  FUN_CREATOR_FIELD,
  FUN_FREE_FIELD,
  FUN_INDEX_FIELD,
  FUN_MODULE_FIELD,
  FUN_OLD_INDEX_FIELD,
  FUN_OLD_UNIQ_FIELD,
  FUN_UNIQ_FIELD,
  closureFreeCount,
} from '../term/fun.js';

export interface TermToBinaryOptions {
  /**
   * 1 (OTP 25's default: Latin-1 atoms as ATOM_EXT), 2 (UTF-8 atom tags always) or 0
   * (as 1, but floats in the old textual FLOAT_EXT form).
   */
  minorVersion?: 0 | 1 | 2;
  /** Maps in sorted key order, as term_to_binary(T, [deterministic]). */
  deterministic?: boolean;
  /** term_to_binary(T, [compressed]) (level 6) or [{compressed, Level}] (0..9). */
  compressed?: boolean | number;
}

/** Bytes of the compressed form's header: 131, 80, u32 uncompressed size. */
const COMPRESSED_HEADER_BYTES = 6;

const WORK_TERM = 0;
const WORK_PATCH_FUN_SIZE = 1;

/**
 * term_to_binary: the bytes OTP 25 writes for the term (uncompressed), 131 included.
 * Flat maps come out in key order as OTP's flatmaps; hash maps in OTP's order when their
 * keys' OTP hashes are portable (otp-map-order.ts), else in this store's trie order;
 * sorted with `deterministic`.
 */
export function termToBinary(store: TermStore, term: number, options: TermToBinaryOptions = {}): Uint8Array {
  const sink = new ByteSink();
  sink.u8(131);
  encodeTermInto(store, term, sink, options);
  const level = options.compressed === true ? 6 : options.compressed === false ? 0 : (options.compressed ?? 0);
  if (level === 0) return sink.result();
  // As OTP: zlib gets an output buffer of the body size minus 5, and the plain form is
  // kept when the stream does not fit (or the body is shorter than 5 bytes).
  const body = sink.bytes.subarray(1, sink.length);
  if (body.length < 5) return sink.result();
  const stream = deflate(body, level);
  if (stream.length > body.length - 5) return sink.result();
  const out = new Uint8Array(COMPRESSED_HEADER_BYTES + stream.length);
  out[0] = 131;
  out[1] = EtfTag.COMPRESSED;
  new DataView(out.buffer).setUint32(2, body.length);
  out.set(stream, COMPRESSED_HEADER_BYTES);
  return out;
}

/** FLOAT_EXT holds the float as C's "%.20e" text, NUL-padded to 31 bytes. */
const FLOAT_EXT_TEXT_BYTES = 31;

function textualFloat(value: number): string {
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  // C prints at least two exponent digits; JavaScript prints as few as needed.
  return sign + Math.abs(value).toExponential(20).replace(/e([+-])(\d)$/, 'e$10$2');
}

export function encodeTermInto(store: TermStore, term: number, sink: ByteSink, options: TermToBinaryOptions = {}): void {
  const arena = store.arena;
  const { i32: words, u32 } = termViews(arena);
  const utf8Atoms = options.minorVersion === 2;
  const deterministic = options.deterministic === true;
  const work: number[] = [term, WORK_TERM];

  const atomText = (index: number): void => {
    const name = store.atoms.nameOf(index);
    if (!utf8Atoms && isLatin1AtomName(name)) {
      sink.u8(EtfTag.ATOM_EXT);
      sink.u16(name.length);
      sink.reserve(name.length);
      for (let i = 0; i < name.length; i++) sink.bytes[sink.length++] = name.charCodeAt(i);
      return;
    }
    const utf8 = store.atoms.utf8Of(index);
    if (utf8.length < 256) {
      sink.u8(EtfTag.SMALL_ATOM_UTF8_EXT);
      sink.u8(utf8.length);
    } else {
      sink.u8(EtfTag.ATOM_UTF8_EXT);
      sink.u16(utf8.length);
    }
    sink.append(utf8);
  };
  const nodeAtom = (): void => atomText(store.atoms.intern(store.nodeName));
  const integer = (value: number): void => {
    if (value >= 0 && value <= 255) {
      sink.u8(EtfTag.SMALL_INTEGER_EXT);
      sink.u8(value);
    } else if (value >= -(2 ** 31) && value < 2 ** 31) {
      sink.u8(EtfTag.INTEGER_EXT);
      sink.u32(value >>> 0);
    } else {
      const negative = value < 0;
      let magnitude = Math.abs(value);
      const bytes: number[] = [];
      while (magnitude > 0) {
        bytes.push(magnitude % 256);
        magnitude = Math.floor(magnitude / 256);
      }
      sink.u8(EtfTag.SMALL_BIG_EXT);
      sink.u8(bytes.length);
      sink.u8(negative ? 1 : 0);
      for (const b of bytes) sink.u8(b);
    }
  };

  while (work.length > 0) {
    const kind = work.pop()!;
    const t = work.pop()!;
    if (kind === WORK_PATCH_FUN_SIZE) {
      sink.putU32At(t, sink.length - t); // Size counts itself and what follows, not the tag
      continue;
    }
    if (isSmall(t)) {
      integer(smallValue(t));
      continue;
    }
    const termType = termClass(words, t);
    const at = pointerIndex(t);
    switch (termType) {
      case TermClass.integer: {
        const header = words[at]!;
        const digits = headerArity(header);
        const negative = headerTag(header) === HEADER_NEG_BIG;
        if (digits === 1 && (negative ? u32[at + 1]! <= 2 ** 31 : u32[at + 1]! < 2 ** 31)) {
          integer(negative ? -u32[at + 1]! : u32[at + 1]!);
          break;
        }
        let byteCount = digits * 4;
        const top = u32[at + digits]!;
        byteCount -= top < 0x100 ? 3 : top < 0x10000 ? 2 : top < 0x1000000 ? 1 : 0;
        if (byteCount < 256) {
          sink.u8(EtfTag.SMALL_BIG_EXT);
          sink.u8(byteCount);
        } else {
          sink.u8(EtfTag.LARGE_BIG_EXT);
          sink.u32(byteCount);
        }
        sink.u8(negative ? 1 : 0);
        sink.reserve(byteCount);
        for (let i = 0; i < byteCount; i++) sink.bytes[sink.length++] = (u32[at + 1 + (i >>> 2)]! >>> ((i & 3) * 8)) & 0xff;
        break;
      }
      case TermClass.float: {
        if (options.minorVersion === 0) {
          sink.u8(EtfTag.FLOAT_EXT);
          const text = textualFloat(readFloat(arena, t));
          sink.reserve(FLOAT_EXT_TEXT_BYTES);
          for (let i = 0; i < FLOAT_EXT_TEXT_BYTES; i++) sink.bytes[sink.length++] = i < text.length ? text.charCodeAt(i) : 0;
          break;
        }
        sink.u8(EtfTag.NEW_FLOAT_EXT);
        sink.reserve(8);
        new DataView(sink.bytes.buffer, sink.length, 8).setFloat64(0, readFloat(arena, t));
        sink.length += 8;
        break;
      }
      case TermClass.atom:
        atomText(atomIndex(t));
        break;
      case TermClass.nil:
        sink.u8(EtfTag.NIL_EXT);
        break;
      case TermClass.tuple: {
        const arity = headerArity(words[at]!);
        if (arity < 256) {
          sink.u8(EtfTag.SMALL_TUPLE_EXT);
          sink.u8(arity);
        } else {
          sink.u8(EtfTag.LARGE_TUPLE_EXT);
          sink.u32(arity);
        }
        for (let i = arity; i >= 1; i--) work.push(words[at + i]!, WORK_TERM);
        break;
      }
      case TermClass.list: {
        // STRING_EXT when the whole list is proper and all small integers 0..255 (< 65536 of them).
        let count = 0;
        let bytesOnly = true;
        let cursor = t;
        while (isList(cursor)) {
          const cell = pointerIndex(cursor);
          const head = words[cell]!;
          if (bytesOnly && !(isSmall(head) && smallValue(head) >= 0 && smallValue(head) <= 255)) bytesOnly = false;
          count++;
          cursor = words[cell + 1]!;
        }
        const tail = cursor;
        if (bytesOnly && tail === 0x3b && count < 65536) {
          sink.u8(EtfTag.STRING_EXT);
          sink.u16(count);
          sink.reserve(count);
          cursor = t;
          while (isList(cursor)) {
            const cell = pointerIndex(cursor);
            sink.bytes[sink.length++] = smallValue(words[cell]!);
            cursor = words[cell + 1]!;
          }
          break;
        }
        sink.u8(EtfTag.LIST_EXT);
        sink.u32(count);
        const heads: number[] = new Array(count);
        cursor = t;
        for (let i = 0; i < count; i++) {
          const cell = pointerIndex(cursor);
          heads[i] = words[cell]!;
          cursor = words[cell + 1]!;
        }
        work.push(tail, WORK_TERM);
        for (let i = count - 1; i >= 0; i--) work.push(heads[i]!, WORK_TERM);
        break;
      }
      case TermClass.bitstring: {
        const location = bitsLocation(arena, t);
        const byteLength = Math.ceil(location.bitSize / 8);
        const restBits = location.bitSize & 7;
        if (restBits === 0) {
          sink.u8(EtfTag.BINARY_EXT);
          sink.u32(byteLength);
        } else {
          sink.u8(EtfTag.BIT_BINARY_EXT);
          sink.u32(byteLength);
          sink.u8(restBits);
        }
        if (location.bitOffset === 0 && restBits === 0) sink.append(arena.u8.subarray(location.byteIndex, location.byteIndex + byteLength));
        else sink.append(extractBits(arena.u8, location.byteIndex, location.bitOffset, location.bitSize));
        break;
      }
      case TermClass.map: {
        const hashed = headerTag(words[at]!) === HEADER_MAP_HASH;
        let { keys, values } = hashed && deterministic ? sortedEntries(store, t) : mapEntries(arena, t);
        if (hashed && !deterministic) {
          // OTP's own walk order when it does not depend on that emulator (see otp-map-order.ts).
          const order = otpMapOrder(store, t);
          if (order !== undefined) {
            keys = order.map((i) => keys[i]!);
            values = order.map((i) => values[i]!);
          }
        }
        sink.u8(EtfTag.MAP_EXT);
        sink.u32(keys.length);
        for (let i = keys.length - 1; i >= 0; i--) work.push(values[i]!, WORK_TERM, keys[i]!, WORK_TERM);
        break;
      }
      case TermClass.exportFun:
        sink.u8(EtfTag.EXPORT_EXT);
        atomText(atomIndex(words[at + EXPORT_MODULE_FIELD]!));
        atomText(atomIndex(words[at + EXPORT_FUNCTION_FIELD]!));
        integer(smallValue(words[at + EXPORT_ARITY_FIELD]!));
        break;
      case TermClass.fun: {
        sink.u8(EtfTag.NEW_FUN_EXT);
        const sizeAt = sink.length;
        sink.u32(0);
        sink.u8(u32[at + FUN_ARITY_FIELD]!);
        for (let i = 0; i < 4; i++) sink.u32(u32[at + FUN_UNIQ_FIELD + i]!);
        sink.u32(u32[at + FUN_INDEX_FIELD]!);
        const free = closureFreeCount(arena, t);
        sink.u32(free);
        atomText(atomIndex(words[at + FUN_MODULE_FIELD]!));
        integer(u32[at + FUN_OLD_INDEX_FIELD]!);
        integer(u32[at + FUN_OLD_UNIQ_FIELD]!);
        work.push(sizeAt, WORK_PATCH_FUN_SIZE);
        for (let i = free - 1; i >= 0; i--) work.push(words[at + FUN_FREE_FIELD + i]!, WORK_TERM);
        work.push(words[at + FUN_CREATOR_FIELD]!, WORK_TERM);
        break;
      }
      case TermClass.pid:
        sink.u8(EtfTag.NEW_PID_EXT);
        if (isLocalPid(t)) {
          nodeAtom();
          sink.u32(localPidNumber(t));
          sink.u32(localPidSerial(t));
          sink.u32(store.creation);
        } else {
          atomText(atomIndex(words[at + EXTERNAL_NODE_FIELD]!));
          sink.u32(u32[at + EXTERNAL_PID_NUMBER_FIELD]!);
          sink.u32(u32[at + EXTERNAL_PID_SERIAL_FIELD]!);
          sink.u32(u32[at + EXTERNAL_CREATION_FIELD]!);
        }
        break;
      case TermClass.port:
        if (isLocalPort(t)) {
          sink.u8(EtfTag.NEW_PORT_EXT);
          nodeAtom();
          sink.u32(localPortNumber(t));
          sink.u32(store.creation);
        } else {
          const high = u32[at + EXTERNAL_PORT_ID_HIGH_FIELD]!;
          // As erl: V4_PORT_EXT for any id beyond the 28 bits NEW_PORT_EXT had in older nodes.
          const v4 = high !== 0 || u32[at + EXTERNAL_PORT_ID_LOW_FIELD]! > MAX_LOCAL_PORT;
          sink.u8(v4 ? EtfTag.V4_PORT_EXT : EtfTag.NEW_PORT_EXT);
          atomText(atomIndex(words[at + EXTERNAL_NODE_FIELD]!));
          if (v4) sink.u32(high);
          sink.u32(u32[at + EXTERNAL_PORT_ID_LOW_FIELD]!);
          sink.u32(u32[at + EXTERNAL_CREATION_FIELD]!);
        }
        break;
      case TermClass.ref: {
        const header = words[at]!;
        const { first, count } = refNumbers(arena, t, header);
        sink.u8(EtfTag.NEWER_REFERENCE_EXT);
        sink.u16(count);
        if (headerTag(header) === HEADER_REF) {
          nodeAtom();
          sink.u32(store.creation);
        } else {
          atomText(atomIndex(words[at + EXTERNAL_NODE_FIELD]!));
          sink.u32(u32[at + EXTERNAL_CREATION_FIELD]!);
        }
        for (let i = 0; i < count; i++) sink.u32(u32[first + i]!);
        break;
      }
    }
  }
}
