import pako from 'pako';
import type { BeamContainer } from '../container.js';
import { BeamFormatError } from '../errors.js';
import { ByteSink } from './byte-sink.js';

/** One chunk to write: a 4-character id and its data (without header or padding). */
export interface BeamChunk {
  readonly id: string;
  readonly data: Uint8Array;
}

export interface WriteBeamOptions {
  /**
   * Gzip the whole file as `erlc +compressed` does (`true` = zlib's default level 6).
   * For `rewriteBeam`, the default is to gzip when the input was gzipped.
   */
  gzip?: boolean | number;
}

/**
 * Lays out a `.beam` container:
 *
 *   "FOR1", u32 FormSize (= file length - 8), "BEAM",
 *   then per chunk: 4-byte id, u32 Size, Size bytes, zero padding to a 4-byte boundary.
 */
export function writeBeam(chunks: Iterable<BeamChunk>, options: WriteBeamOptions = {}): Uint8Array {
  const sink = new ByteSink(4096);
  writeFormHeader(sink);
  for (const chunk of chunks) {
    writeChunkHeader(sink, chunk.id, chunk.data.length);
    sink.bytes(chunk.data);
    sink.padTo(4);
  }
  finishForm(sink, sink.length);
  return maybeGzip(sink.toBytes(), options.gzip ?? false);
}

/**
 * Writes a container read by `readContainer`/`readBeam` back out, replacing the data of
 * the chunks named in `changes` (`null` drops a chunk; an id the file does not have is
 * appended after the stored chunks) and re-emitting every other chunk
 * exactly as stored, its padding bytes included, as well as any bytes after the form.
 * With no changes the result is byte-identical to the input (gzip'ed again when it was).
 */
export function rewriteBeam(
  container: BeamContainer,
  changes: Readonly<Record<string, Uint8Array | null>> = {},
  options: WriteBeamOptions = {},
): Uint8Array {
  const source = container.bytes;
  const formEnd = 8 + container.formSize;
  const sink = new ByteSink(source.length + 64);
  writeFormHeader(sink);
  const chunks = container.chunks;
  for (let index = 0; index < chunks.length; index++) {
    const chunk = chunks[index]!;
    const storedEnd = index + 1 < chunks.length ? chunks[index + 1]!.headerOffset : formEnd;
    if (Object.prototype.hasOwnProperty.call(changes, chunk.id)) {
      const replacement = changes[chunk.id];
      if (replacement === null || replacement === undefined) continue;
      writeChunkHeader(sink, chunk.id, replacement.length);
      sink.bytes(replacement);
      sink.padTo(4);
    } else {
      sink.bytes(source.subarray(chunk.headerOffset, storedEnd));
    }
  }
  const present = new Set(chunks.map((chunk) => chunk.id));
  for (const [id, data] of Object.entries(changes)) {
    if (present.has(id) || data === null || data === undefined) continue;
    writeChunkHeader(sink, id, data.length);
    sink.bytes(data);
    sink.padTo(4);
  }
  finishForm(sink, sink.length);
  // ERTS ignores bytes after the form; keep them so an unchanged file stays identical.
  sink.bytes(source.subarray(Math.min(formEnd, source.length)));
  return maybeGzip(sink.toBytes(), options.gzip ?? container.gzipped);
}

const FORM_SIZE_OFFSET = 4;

function writeFormHeader(sink: ByteSink): void {
  sink.bytes(ascii('FOR1'));
  sink.u32(0); // FormSize, patched by finishForm
  sink.bytes(ascii('BEAM'));
}

function finishForm(sink: ByteSink, formEnd: number): void {
  sink.patchU32(FORM_SIZE_OFFSET, formEnd - 8);
}

function writeChunkHeader(sink: ByteSink, id: string, size: number): void {
  if (id.length !== 4 || !/^[\x20-\x7e]{4}$/.test(id)) {
    throw new BeamFormatError('bad_chunk', `chunk id ${JSON.stringify(id)} is not 4 printable ASCII characters`, sink.length);
  }
  sink.bytes(ascii(id));
  sink.u32(size);
}

function ascii(text: string): number[] {
  return Array.from(text, (character) => character.charCodeAt(0));
}

function maybeGzip(bytes: Uint8Array, gzip: boolean | number): Uint8Array {
  if (gzip === false || gzip === 0) return bytes;
  const level = gzip === true ? 6 : gzip;
  // pako writes the same header as zlib's gzip (mtime 0, OS 3) and the same stream.
  return pako.gzip(bytes, { level: level as 6 });
}
