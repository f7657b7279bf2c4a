import { deflate } from '../deflate.js';
import { ETF_VERSION, EtfTag } from './tags.js';

/** Bytes of the compressed form's header: 131, 80, u32 uncompressed size. */
const COMPRESSED_HEADER_BYTES = 6;

/**
 * The compressed form (131 80 Size zlib-stream) of an encoded term body (Tag+Data, no
 * 131), or undefined when compression does not pay. OTP gives zlib an output buffer of
 * the body size minus 5 and falls back to the plain form when the stream does not fit
 * (or the body is shorter than 5 bytes), so the compressed form is kept only when
 * `6 + stream <= 1 + body`.
 */
export function compressEtfBody(body: Uint8Array, level: number): Uint8Array | undefined {
  if (body.length < 5) return undefined;
  const stream = deflate(body, level);
  if (stream.length > body.length - 5) return undefined;
  const out = new Uint8Array(COMPRESSED_HEADER_BYTES + stream.length);
  out[0] = ETF_VERSION;
  out[1] = EtfTag.COMPRESSED;
  new DataView(out.buffer).setUint32(2, body.length);
  out.set(stream, COMPRESSED_HEADER_BYTES);
  return out;
}
