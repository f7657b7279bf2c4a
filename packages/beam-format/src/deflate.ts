import pako from 'pako';

/**
 * Compresses to a zlib (RFC 1950) stream as OTP does for `term_to_binary(T, [compressed])`
 * and for LitT. pako is used even where `node:zlib` exists: it is a port of reference
 * zlib and produces the same bytes as OTP's zlib, while Node bundles Chromium's zlib,
 * whose deflate output differs.
 */
export function deflate(data: Uint8Array, level = 6): Uint8Array {
  return pako.deflate(data, { level: level as pako.DeflateFunctionOptions['level'] });
}
