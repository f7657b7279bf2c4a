import { BeamFormatError } from '@beamload/beam-format';

/**
 * Reading primitives shared by the ETF sizing pass and the decoder: big-endian fields,
 * atom text checks, and the rule that decides whether a pid/port/ref is local.
 */
export class EtfInput {
  constructor(
    public bytes: Uint8Array,
    /** Absolute offset of bytes[0] in the caller's input, for error offsets. */
    public base: number,
    /** Where the term must end at the latest (a LitT entry's end inside the whole table). */
    public limit: number = bytes.length,
  ) {}

  /** Points this input at other bytes (the sizing pass reuses one input for every term). */
  reset(bytes: Uint8Array, base: number, limit: number = bytes.length): this {
    this.bytes = bytes;
    this.base = base;
    this.limit = limit;
    return this;
  }

  fail(code: 'truncated' | 'bad_etf' | 'limit_exceeded' | 'unknown_etf_tag' | 'unsupported', detail: string, at: number): never {
    throw new BeamFormatError(code, detail, this.base + at);
  }

  need(at: number, count: number): void {
    if (at + count > this.limit) this.fail('truncated', `need ${count} bytes, ${Math.max(0, this.limit - at)} left`, at);
  }

  u16(at: number): number {
    const b = this.bytes;
    return (b[at]! << 8) | b[at + 1]!;
  }

  u32(at: number): number {
    const b = this.bytes;
    return ((b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!) >>> 0;
  }

  i32(at: number): number {
    const b = this.bytes;
    return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  }
}

export const MAX_ATOM_CHARACTERS = 255;

/**
 * Characters in a UTF-8 atom name, or -1 when the bytes are not strict UTF-8 (overlong
 * forms, surrogates and values above U+10FFFF are refused, as OTP does).
 */
export function utf8Characters(bytes: Uint8Array, start: number, end: number): number {
  let characters = 0;
  let i = start;
  while (i < end) {
    const lead = bytes[i]!;
    let length: number;
    let codePoint: number;
    if (lead < 0x80) {
      i++;
      characters++;
      continue;
    } else if (lead >= 0xc2 && lead <= 0xdf) {
      length = 2;
      codePoint = lead & 0x1f;
    } else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      codePoint = lead & 0x0f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      codePoint = lead & 0x07;
    } else return -1;
    if (i + length > end) return -1;
    for (let k = 1; k < length; k++) {
      const next = bytes[i + k]!;
      if ((next & 0xc0) !== 0x80) return -1;
      codePoint = (codePoint << 6) | (next & 0x3f);
    }
    if ((length === 3 && (codePoint < 0x800 || (codePoint >= 0xd800 && codePoint <= 0xdfff))) || (length === 4 && (codePoint < 0x10000 || codePoint > 0x10ffff))) {
      return -1;
    }
    i += length;
    characters++;
  }
  return characters;
}

const textDecoder = new TextDecoder('utf-8');

/** Atom text at `at` (after its tag): [start, end) and whether it is UTF-8. */
export function atomName(bytes: Uint8Array, start: number, end: number, utf8: boolean): string {
  if (utf8) return textDecoder.decode(bytes.subarray(start, end));
  // TextDecoder('latin1') is windows-1252; map bytes one to one instead.
  let name = '';
  for (let i = start; i < end; i++) name += String.fromCharCode(bytes[i]!);
  return name;
}
