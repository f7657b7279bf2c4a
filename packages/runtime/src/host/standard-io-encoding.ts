/**
 * The bytes `erl -noshell` (OTP 25) writes for the characters a program sends to
 * standard_io. That device's encoding is latin1 there, so a character 0..255 is one
 * byte and a character above 255 cannot be encoded: erl writes it as the text
 * `\x{HEX}` (upper-case hex), e.g. io:put_chars([233,1000]) writes 0xE9 and `\x{3E8}`.
 * The runtime's output channel carries characters (a JS string of code points); this is
 * the one place they become bytes.
 */
export function standardIoBytes(text: string): Buffer {
  const bytes: number[] = [];
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (code <= 0xff) {
      bytes.push(code);
      continue;
    }
    for (const escaped of `\\x{${code.toString(16).toUpperCase()}}`) bytes.push(escaped.charCodeAt(0));
  }
  return Buffer.from(bytes);
}
