import { AtomError } from './atom-error.js';

/** OTP's limit: an atom has at most 255 characters (code points), whatever its encoding. */
export const MAX_ATOM_CHARACTERS = 255;
/** UTF-8 needs at most 4 bytes per code point. */
export const MAX_ATOM_UTF8_BYTES = MAX_ATOM_CHARACTERS * 4;

const FNV_OFFSET_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Turns an atom name given as a JS string, UTF-8 bytes or Latin-1 bytes into its
 * canonical form (UTF-8 bytes in `bytes`, `byteLength` of them) and its hash, checking
 * OTP's rules on the way. One encoder per thread; it reuses its scratch buffer.
 */
export class AtomNameEncoder {
  readonly bytes = new Uint8Array(MAX_ATOM_UTF8_BYTES);
  byteLength = 0;
  hash = 0;
  /** Where the canonical bytes are: `bytes` after an encode, the caller's input after hashUtf8. */
  source: Uint8Array = this.bytes;
  sourceStart = 0;

  /**
   * Hashes `input[start, end)` as if it were a valid UTF-8 name, without checking or copying
   * it: enough to look up an atom that exists (a stored name is valid by construction).
   * Call encodeUtf8 before inserting.
   */
  hashUtf8(input: Uint8Array, start: number, end: number): void {
    if (end - start > MAX_ATOM_UTF8_BYTES) {
      throw new AtomError('atom_too_long', `atom name of ${end - start} bytes exceeds ${MAX_ATOM_CHARACTERS} characters`, start);
    }
    let hash = FNV_OFFSET_BASIS;
    for (let position = start; position < end; position++) hash = Math.imul(hash ^ input[position], FNV_PRIME);
    this.byteLength = end - start;
    this.hash = hash >>> 0 || 1;
    this.source = input;
    this.sourceStart = start;
  }

  encodeString(name: string): void {
    // Each code point takes one or two UTF-16 units: more than 510 units is too long for sure,
    // and refusing here keeps a huge hostile string from being walked.
    if (name.length > MAX_ATOM_CHARACTERS * 2) {
      throw new AtomError('atom_too_long', `atom name of ${name.length} UTF-16 units exceeds ${MAX_ATOM_CHARACTERS} characters`, MAX_ATOM_CHARACTERS);
    }
    const bytes = this.bytes;
    let length = 0;
    let characters = 0;
    for (let unit = 0; unit < name.length; unit++) {
      let codePoint = name.charCodeAt(unit);
      if (++characters > MAX_ATOM_CHARACTERS) {
        throw new AtomError('atom_too_long', `atom name exceeds ${MAX_ATOM_CHARACTERS} characters`, unit);
      }
      if (codePoint < 0x80) {
        bytes[length++] = codePoint;
      } else if (codePoint < 0x800) {
        bytes[length++] = 0xc0 | (codePoint >> 6);
        bytes[length++] = 0x80 | (codePoint & 0x3f);
      } else if (codePoint >= 0xd800 && codePoint <= 0xdfff) {
        const low = name.charCodeAt(unit + 1);
        if (codePoint > 0xdbff || !(low >= 0xdc00 && low <= 0xdfff)) {
          throw new AtomError('invalid_name', 'atom name contains a lone UTF-16 surrogate', unit);
        }
        codePoint = 0x10000 + ((codePoint - 0xd800) << 10) + (low - 0xdc00);
        unit++;
        bytes[length++] = 0xf0 | (codePoint >> 18);
        bytes[length++] = 0x80 | ((codePoint >> 12) & 0x3f);
        bytes[length++] = 0x80 | ((codePoint >> 6) & 0x3f);
        bytes[length++] = 0x80 | (codePoint & 0x3f);
      } else {
        bytes[length++] = 0xe0 | (codePoint >> 12);
        bytes[length++] = 0x80 | ((codePoint >> 6) & 0x3f);
        bytes[length++] = 0x80 | (codePoint & 0x3f);
      }
    }
    this.#finish(length);
  }

  /** `input[start, end)` must be well-formed UTF-8 (no overlong forms, no surrogates, at most U+10FFFF). */
  encodeUtf8(input: Uint8Array, start = 0, end = input.length): void {
    if (end - start > MAX_ATOM_UTF8_BYTES) {
      throw new AtomError('atom_too_long', `atom name of ${end - start} bytes exceeds ${MAX_ATOM_CHARACTERS} characters`, start);
    }
    // Validates, copies and hashes in one pass: this is the ETF decoder's path for every atom.
    const bytes = this.bytes;
    let hash = FNV_OFFSET_BASIS;
    let length = 0;
    let characters = 0;
    let position = start;
    while (position < end) {
      const lead = input[position];
      if (++characters > MAX_ATOM_CHARACTERS) {
        throw new AtomError('atom_too_long', `atom name exceeds ${MAX_ATOM_CHARACTERS} characters`, position);
      }
      if (lead < 0x80) {
        bytes[length++] = lead;
        hash = Math.imul(hash ^ lead, FNV_PRIME);
        position++;
        continue;
      }
      let width: number;
      let codePoint: number;
      if (lead >= 0xc2 && lead <= 0xdf) {
        width = 2;
        codePoint = lead & 0x1f;
      } else if (lead >= 0xe0 && lead <= 0xef) {
        width = 3;
        codePoint = lead & 0x0f;
      } else if (lead >= 0xf0 && lead <= 0xf4) {
        width = 4;
        codePoint = lead & 0x07;
      } else {
        throw new AtomError('invalid_name', `byte 0x${lead.toString(16)} cannot start a UTF-8 character`, position);
      }
      if (position + width > end) throw new AtomError('invalid_name', 'UTF-8 character cut short', position);
      for (let continuation = 1; continuation < width; continuation++) {
        const byte = input[position + continuation];
        if ((byte & 0xc0) !== 0x80) throw new AtomError('invalid_name', 'bad UTF-8 continuation byte', position + continuation);
        codePoint = (codePoint << 6) | (byte & 0x3f);
      }
      if (
        (width === 3 && (codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff))) ||
        (width === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff))
      ) {
        throw new AtomError('invalid_name', `overlong, surrogate or out-of-range UTF-8 code point ${codePoint}`, position);
      }
      for (let offset = 0; offset < width; offset++) {
        const byte = input[position + offset];
        bytes[length++] = byte;
        hash = Math.imul(hash ^ byte, FNV_PRIME);
      }
      position += width;
    }
    this.byteLength = length;
    this.hash = hash >>> 0 || 1;
    this.source = bytes;
    this.sourceStart = 0;
  }

  /** Every byte of `input[start, end)` is one character U+0000..U+00FF (ETF's ATOM_EXT). */
  encodeLatin1(input: Uint8Array, start = 0, end = input.length): void {
    if (end - start > MAX_ATOM_CHARACTERS) {
      throw new AtomError('atom_too_long', `atom name of ${end - start} characters exceeds ${MAX_ATOM_CHARACTERS}`, start + MAX_ATOM_CHARACTERS);
    }
    const bytes = this.bytes;
    let length = 0;
    for (let position = start; position < end; position++) {
      const character = input[position];
      if (character < 0x80) {
        bytes[length++] = character;
      } else {
        bytes[length++] = 0xc0 | (character >> 6);
        bytes[length++] = 0x80 | (character & 0x3f);
      }
    }
    this.#finish(length);
  }

  /** Hash of the canonical bytes; encodeUtf8 computes the same one inline. */
  #finish(length: number): void {
    const bytes = this.bytes;
    let hash = FNV_OFFSET_BASIS;
    for (let index = 0; index < length; index++) hash = Math.imul(hash ^ bytes[index], FNV_PRIME);
    this.byteLength = length;
    this.source = bytes;
    this.sourceStart = 0;
    // 0 never appears as a hash so that an all-zero slot can never look like a candidate.
    this.hash = hash >>> 0 || 1;
  }
}
