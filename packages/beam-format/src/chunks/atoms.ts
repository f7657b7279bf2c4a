import { CompactReader } from '../compact/decode.js';
import { ChunkReader } from './chunk-reader.js';

/**
 * AtU8 (UTF-8) and the old Atom (Latin-1) chunk: i32 Count, then the atom names.
 * Count >= 0: each name is u8 Len + bytes. Count < 0 (AtU8 from OTP 28): -Count names,
 * each length a compact u. Atom 1 is the module; the result is indexed from 0 (atom 1
 * is `result[0]`).
 */
export function decodeAtoms(data: Uint8Array, baseOffset: number, chunk: 'AtU8' | 'Atom'): string[] {
  const reader = new ChunkReader(data, baseOffset, chunk);
  const declared = reader.i32('atom count');
  if (declared < 0 && chunk === 'Atom') {
    throw reader.error('bad_chunk', `negative atom count ${declared} in a Latin-1 Atom chunk`, 0);
  }
  const longLengths = declared < 0;
  const count = reader.entryCount(Math.abs(declared), 1, 'atoms');
  const decoder = chunk === 'AtU8' ? UTF8 : LATIN1;
  const atoms: string[] = new Array(count);
  const lengths = longLengths ? new CompactReader(data, 0, baseOffset, chunk) : undefined;
  for (let index = 0; index < count; index++) {
    const start = reader.position;
    let length: number;
    if (lengths !== undefined) {
      lengths.position = reader.position;
      length = lengths.unsigned();
      reader.position = lengths.position;
    } else {
      length = reader.u8('atom length');
    }
    const name = reader.bytes(length, `atom ${index + 1}`);
    const ascii = asciiText(name);
    if (ascii !== undefined) {
      atoms[index] = ascii;
      continue;
    }
    try {
      atoms[index] = decoder.decode(name);
    } catch {
      throw reader.error('bad_chunk', `atom ${index + 1} is not valid UTF-8`, start);
    }
  }
  return atoms;
}

/** Most atoms are ASCII; building those directly is several times faster than TextDecoder. */
function asciiText(bytes: Uint8Array): string | undefined {
  let text = '';
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]!;
    if (byte >= 0x80) return undefined;
    text += String.fromCharCode(byte);
  }
  return text;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
const LATIN1 = new TextDecoder('latin1');
