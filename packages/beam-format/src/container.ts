import { BeamFormatError } from './errors.js';
import { DEFAULT_MAX_INFLATED_BYTES, gunzip } from './inflate.js';

/**
 * The IFF container of a `.beam` file:
 *
 *   offset 0   "FOR1"
 *   offset 4   u32 FormSize (file length - 8: counts "BEAM" and every chunk with padding)
 *   offset 8   "BEAM"
 *   offset 12  chunks: 4-byte id, u32 Size, Size bytes of data, zero padding to 4 bytes
 *
 * A file starting with 1F 8B is gzip'ed as a whole (`erlc +compressed`, `beam_lib:strip`);
 * it is inflated first and every offset then refers to the inflated bytes.
 */
export const FORM_HEADER_SIZE = 12;
export const CHUNK_HEADER_SIZE = 8;

export interface ChunkLocation {
  readonly id: string;
  /** Offset of the chunk header (the id) in `BeamContainer.bytes`. */
  readonly headerOffset: number;
  /** Offset of the first data byte in `BeamContainer.bytes`. */
  readonly dataOffset: number;
  readonly size: number;
  readonly data: Uint8Array;
}

export interface BeamContainer {
  /** The FOR1 bytes: the input itself, or the inflated input when it was gzip'ed. */
  readonly bytes: Uint8Array;
  readonly gzipped: boolean;
  readonly formSize: number;
  readonly chunks: readonly ChunkLocation[];
}

export interface ContainerOptions {
  /** Largest inflated size accepted for a gzip'ed file (default 256 MiB). */
  maxInflatedBytes?: number;
}

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export function readContainer(input: Uint8Array, options: ContainerOptions = {}): BeamContainer {
  const gzipped = isGzip(input);
  const bytes = gzipped ? gunzip(input, { maxBytes: options.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES }) : input;
  if (bytes.length < FORM_HEADER_SIZE) {
    if (bytes.length >= 4 && !startsWith(bytes, 0, 'FOR1')) {
      throw new BeamFormatError('bad_magic', 'not a BEAM file (no FOR1 and no gzip header)', 0);
    }
    throw new BeamFormatError('truncated', `a BEAM file has at least ${FORM_HEADER_SIZE} bytes, this one ${bytes.length}`, bytes.length);
  }
  if (!startsWith(bytes, 0, 'FOR1')) {
    throw new BeamFormatError('bad_magic', 'not a BEAM file (no FOR1 and no gzip header)', 0);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const formSize = view.getUint32(4);
  if (!startsWith(bytes, 8, 'BEAM')) {
    throw new BeamFormatError('bad_magic', 'FOR1 form is not of type BEAM', 8);
  }
  if (formSize < 4) {
    throw new BeamFormatError('bad_chunk', `form size ${formSize} cannot hold the BEAM type`, 4);
  }
  // Bytes after the form are ignored, as ERTS does.
  const formEnd = 8 + formSize;
  if (formEnd > bytes.length) {
    throw new BeamFormatError('truncated', `form claims ${formSize} bytes, file has ${bytes.length - 8}`, 4);
  }
  const chunks: ChunkLocation[] = [];
  let position = FORM_HEADER_SIZE;
  while (position < formEnd) {
    if (position + CHUNK_HEADER_SIZE > formEnd) {
      throw new BeamFormatError('truncated', 'chunk header runs past the end of the form', position);
    }
    const id = chunkId(bytes, position);
    const size = view.getUint32(position + 4);
    const dataOffset = position + CHUNK_HEADER_SIZE;
    if (size > formEnd - dataOffset) {
      throw new BeamFormatError('truncated', `chunk of ${size} bytes runs past the end of the form`, position + 4, id);
    }
    chunks.push({ id, headerOffset: position, dataOffset, size, data: bytes.subarray(dataOffset, dataOffset + size) });
    // The padding of the last chunk may be missing; that is not an error.
    position = dataOffset + ((size + 3) & ~3);
  }
  return { bytes, gzipped, formSize, chunks };
}

function startsWith(bytes: Uint8Array, offset: number, text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (bytes[offset + index] !== text.charCodeAt(index)) return false;
  }
  return true;
}

function chunkId(bytes: Uint8Array, offset: number): string {
  return String.fromCharCode(bytes[offset]!, bytes[offset + 1]!, bytes[offset + 2]!, bytes[offset + 3]!);
}
