import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { binaryTerm, bytesOf, iolistBytes } from './binaries.js';
import { integerValue, isIntegerTerm, makeInteger } from '../interpreter/heap.js';
import { Md5 } from './md5.js';

/** erlang:crc32/1,2, adler32/1,2 and md5/1 with its incremental md5_init/update/final. */

function iodata(call: BifCall, term: number, args: number[]): Uint8Array {
  const bytes = iolistBytes(call, term);
  if (bytes === undefined) throw badarg(args);
  return bytes;
}

/** The running checksum argument of crc32/2 and adler32/2: an unsigned 32-bit integer. */
function checksumArg(call: BifCall, term: number, args: number[]): number {
  const w = call.context.words;
  if (!isIntegerTerm(w, term)) throw badarg(args);
  const value = integerValue(w, term);
  if (value < 0 || value > 0xffffffff) throw badarg(args);
  return Number(value);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(previous: number, bytes: Uint8Array): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const ADLER_MODULUS = 65521;

function adler32(previous: number, bytes: Uint8Array): number {
  let a = previous & 0xffff;
  let b = previous >>> 16;
  for (const byte of bytes) {
    a = (a + byte) % ADLER_MODULUS;
    b = (b + a) % ADLER_MODULUS;
  }
  return ((b << 16) | a) >>> 0;
}

/** zlib's combination: the CRC of A ++ B from crc32(A), crc32(B) and byte_size(B). */
function crc32Combine(first: number, second: number, length: number): number {
  // The effect of appending zero bits is linear over GF(2): square the one-zero-bit
  // operator up to whole bytes and apply the powers that make up `length`.
  const times = (matrix: Uint32Array, vector: number): number => {
    let sum = 0;
    for (let i = 0; vector !== 0; i++, vector >>>= 1) if (vector & 1) sum ^= matrix[i];
    return sum >>> 0;
  };
  const square = (matrix: Uint32Array): Uint32Array => Uint32Array.from(matrix, (row) => times(matrix, row));
  let odd: Uint32Array = new Uint32Array(32);
  odd[0] = 0xedb88320;
  for (let n = 1; n < 32; n++) odd[n] = 1 << (n - 1);
  let even = square(odd); // two zero bits
  odd = square(even); // four zero bits
  let crc = first;
  while (length > 0) {
    even = square(odd);
    if (length % 2 === 1) crc = times(even, crc);
    length = Math.floor(length / 2);
    if (length === 0) break;
    odd = square(even);
    if (length % 2 === 1) crc = times(odd, crc);
    length = Math.floor(length / 2);
  }
  return (crc ^ second) >>> 0;
}

/** The Adler-32 of A ++ B from adler32(A), adler32(B) and byte_size(B). */
function adler32Combine(first: number, second: number, length: number): number {
  // As ERTS: nothing appended leaves the first checksum, whatever the second says.
  if (length === 0) return first;
  const remainder = length % ADLER_MODULUS;
  const a = ((first & 0xffff) + (second & 0xffff) + ADLER_MODULUS - 1) % ADLER_MODULUS;
  const b = (((remainder * (first & 0xffff)) % ADLER_MODULUS) + (first >>> 16) + (second >>> 16) + ADLER_MODULUS - remainder) % ADLER_MODULUS;
  return ((b << 16) | a) >>> 0;
}

function combineBif(combine: (first: number, second: number, length: number) => number) {
  return (call: BifCall, args: number[]): number => {
    const first = checksumArg(call, args[0], args);
    const second = checksumArg(call, args[1], args);
    const length = checksumArg(call, args[2], args);
    return unsigned32(call, combine(first, second, length));
  };
}

/** A 32-bit result: a small when it fits, else a bignum. */
function unsigned32(call: BifCall, value: number): number {
  return makeInteger(call.context, value);
}

function crc32Bif(call: BifCall, args: number[]): number {
  if (args.length === 1) return unsigned32(call, crc32(0, iodata(call, args[0], args)));
  const previous = checksumArg(call, args[0], args);
  return unsigned32(call, crc32(previous, iodata(call, args[1], args)));
}

function adler32Bif(call: BifCall, args: number[]): number {
  if (args.length === 1) return unsigned32(call, adler32(1, iodata(call, args[0], args)));
  const previous = checksumArg(call, args[0], args);
  return unsigned32(call, adler32(previous, iodata(call, args[1], args)));
}

function md5(call: BifCall, args: number[]): number {
  const digest = new Md5();
  digest.update(iodata(call, args[0], args));
  return binaryTerm(call, digest.final());
}

/** The md5_* context is a binary of this implementation's own state (88 bytes, as ERTS's). */
function md5Context(call: BifCall, term: number, args: number[]): Md5 {
  let bytes: Uint8Array;
  try {
    bytes = bytesOf(call, term, args);
  } catch {
    throw badarg(args);
  }
  const context = Md5.fromState(bytes);
  if (context === undefined) throw badarg(args);
  return context;
}

export const CHECKSUM_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'crc32', arity: 1, run: crc32Bif },
  { module: 'erlang', name: 'crc32', arity: 2, run: crc32Bif },
  { module: 'erlang', name: 'adler32', arity: 1, run: adler32Bif },
  { module: 'erlang', name: 'adler32', arity: 2, run: adler32Bif },
  { module: 'erlang', name: 'crc32_combine', arity: 3, run: combineBif(crc32Combine) },
  { module: 'erlang', name: 'adler32_combine', arity: 3, run: combineBif(adler32Combine) },
  { module: 'erlang', name: 'md5', arity: 1, run: md5 },
  { module: 'erlang', name: 'md5_init', arity: 0, run: (call) => binaryTerm(call, new Md5().state()) },
  {
    module: 'erlang',
    name: 'md5_update',
    arity: 2,
    run: (call, args) => {
      const context = md5Context(call, args[0], args);
      context.update(iodata(call, args[1], args));
      return binaryTerm(call, context.state());
    },
  },
  { module: 'erlang', name: 'md5_final', arity: 1, run: (call, args) => binaryTerm(call, md5Context(call, args[0], args).final()) },
];
