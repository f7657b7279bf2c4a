import { CompactTag } from '../compact/decode.js';
import { writeCompactValue } from '../compact/encode.js';
import { BeamFormatError } from '../errors.js';
import { ByteSink } from './byte-sink.js';

export interface AtomChunkOptions {
  /**
   * `short` (OTP <= 27): i32 Count >= 0 and a u8 length per atom. `long` (OTP 28): i32
   * -Count and a compact u length per atom. Default: short, unless an atom needs more
   * than 255 bytes.
   */
  form?: 'short' | 'long';
  /** `AtU8` (UTF-8, default) or the old Latin-1 `Atom` chunk. */
  chunk?: 'AtU8' | 'Atom';
}

/** The data of an AtU8 (or Atom) chunk; `names[0]` is atom 1, the module. */
export function encodeAtomChunk(names: readonly string[], options: AtomChunkOptions = {}): Uint8Array {
  const latin1 = options.chunk === 'Atom';
  const encoded = names.map((name, index) => {
    if (!latin1) return utf8.encode(name);
    const bytes = new Uint8Array(name.length);
    for (let i = 0; i < name.length; i++) {
      const code = name.charCodeAt(i);
      if (code > 0xff) throw new BeamFormatError('bad_chunk', `atom ${index + 1} is not Latin-1`, 0, 'Atom');
      bytes[i] = code;
    }
    return bytes;
  });
  const needsLong = encoded.some((bytes) => bytes.length > 0xff);
  const form = options.form ?? (needsLong ? 'long' : 'short');
  if (form === 'short' && needsLong) {
    throw new BeamFormatError('bad_chunk', 'an atom longer than 255 bytes needs the long AtU8 form', 0, options.chunk ?? 'AtU8');
  }
  const sink = new ByteSink(16 + encoded.reduce((total, bytes) => total + bytes.length + 1, 0));
  sink.u32(form === 'short' ? names.length : -names.length >>> 0);
  for (const bytes of encoded) {
    if (form === 'short') sink.u8(bytes.length);
    else writeCompactValue(sink, CompactTag.u, bytes.length);
    sink.bytes(bytes);
  }
  return sink.toBytes();
}

const utf8 = new TextEncoder();
