import { md5 } from './md5.js';

/** Chunks the module MD5 covers, in this order (beam_lib:md5/1; ERTS's module_info(md5)). */
const MD5_CHUNKS = ['AtU8', 'Atom', 'Code', 'StrT', 'ImpT', 'ExpT', 'FunT', 'LitT', 'Meta'] as const;
const FUN_ENTRY_SIZE = 24;
const OLD_UNIQ_OFFSET = 20;

/**
 * The module MD5 as `beam_lib:md5/1` computes it: MD5 over the data of the chunks above
 * that are present (only one of AtU8/Atom), with every FunT OldUniq zeroed (erlc
 * derives OldUniq from this digest, so it cannot be part of it).
 */
export function moduleMd5(chunks: ReadonlyArray<{ readonly id: string; readonly data: Uint8Array }>): Uint8Array {
  return md5(moduleMd5Input(chunks));
}

/**
 * What the module MD5 hashes, in order: the data of the chunks above, the FunT as a copy
 * with its OldUniq fields zeroed (the input is never written). For callers that hash with
 * another MD5 engine (loader-core uses node:crypto).
 */
export function moduleMd5Input(chunks: ReadonlyArray<{ readonly id: string; readonly data: Uint8Array }>): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (const id of MD5_CHUNKS) {
    if (id === 'Atom' && chunks.some((chunk) => chunk.id === 'AtU8')) continue;
    const chunk = chunks.find((candidate) => candidate.id === id);
    if (chunk === undefined) continue;
    parts.push(id === 'FunT' ? zeroOldUniq(chunk.data) : chunk.data);
  }
  return parts;
}

/** The first 27 bits of the module MD5: what erlc writes as every FunT OldUniq. */
export function funOldUniq(moduleDigest: Uint8Array): number {
  return new DataView(moduleDigest.buffer, moduleDigest.byteOffset).getUint32(0) >>> 5;
}

function zeroOldUniq(funTable: Uint8Array): Uint8Array {
  const copy = new Uint8Array(funTable); // a copy, also when the input is a Node Buffer
  const view = new DataView(copy.buffer);
  const count = copy.length >= 4 ? view.getUint32(0) : 0;
  for (let i = 0; i < count; i++) {
    const at = 4 + i * FUN_ENTRY_SIZE + OLD_UNIQ_OFFSET;
    if (at + 4 <= copy.length) view.setUint32(at, 0);
  }
  return copy;
}
