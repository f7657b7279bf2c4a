/**
 * An atom as io_lib:write_atom/1 writes it under `~w`: bare when it is a lowercase-led
 * name of letters, digits, _ and @ that is no reserved word, else single-quoted with
 * io_lib's escapes (Latin-1 mode: characters above 255 as \x{HEX}).
 */
const RESERVED_WORDS = new Set([
  'after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl', 'bsr', 'bxor', 'case', 'catch', 'cond', 'div',
  'end', 'fun', 'if', 'let', 'not', 'of', 'or', 'orelse', 'receive', 'rem', 'try', 'when', 'xor',
]);

function isLowerLead(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0xdf && c <= 0xff && c !== 0xf7);
}

function isNameChar(c: number): boolean {
  return (
    isLowerLead(c) ||
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0xc0 && c <= 0xde && c !== 0xd7) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x5f ||
    c === 0x40
  );
}

export function atomNeedsQuotes(name: string): boolean {
  if (RESERVED_WORDS.has(name)) return true;
  const codePoints = Array.from(name, (ch) => ch.codePointAt(0)!);
  if (codePoints.length === 0 || !isLowerLead(codePoints[0]!)) return true;
  for (let i = 1; i < codePoints.length; i++) if (!isNameChar(codePoints[i]!)) return true;
  return false;
}

const NAMED_ESCAPES = new Map<number, string>([
  [0x0a, '\\n'],
  [0x0d, '\\r'],
  [0x09, '\\t'],
  [0x0b, '\\v'],
  [0x08, '\\b'],
  [0x0c, '\\f'],
  [0x1b, '\\e'],
  [0x7f, '\\d'],
]);

/** `text` inside `quote` quotes with io_lib:write_string's escapes (Latin-1 mode). */
export function quoteString(text: string, quote: string): string {
  const q = quote.codePointAt(0)!;
  let out = quote;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c === q) out += '\\' + quote;
    else if (c === 0x5c) out += '\\\\';
    else if ((c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xff)) out += ch;
    else if (NAMED_ESCAPES.has(c)) out += NAMED_ESCAPES.get(c)!;
    else if (c < 0xa0) out += '\\' + ((c >> 6) & 7) + ((c >> 3) & 7) + (c & 7);
    else out += `\\x{${c.toString(16).toUpperCase()}}`;
  }
  return out + quote;
}

export function formatAtom(name: string): string {
  return atomNeedsQuotes(name) ? quoteString(name, "'") : name;
}
