import { createHash } from 'node:crypto';
import type { BeamContainer } from '@beamload/beam-format';

/** Chunks beam_lib:md5/1 and module_info(md5) hash, in this order (absent ones skipped). */
const MD5_CHUNKS = ['AtU8', 'Atom', 'Code', 'StrT', 'ImpT', 'ExpT', 'FunT', 'LitT', 'Meta'] as const;
const FUN_ENTRY_BYTES = 24;
const FUN_OLD_UNIQ_OFFSET = 20;

/**
 * The module's MD5 as ERTS computes it: over the stored data of the chunks above, with
 * every FunT entry's OldUniq zeroed (OldUniq is itself derived from the MD5).
 */
export function beamMd5(container: BeamContainer): Uint8Array {
  const hash = createHash('md5');
  for (const id of MD5_CHUNKS) {
    const chunk = container.chunks.find((candidate) => candidate.id === id);
    if (chunk === undefined) continue;
    if (id === 'FunT' && chunk.data.length >= 4) {
      const copy = chunk.data.slice();
      for (let at = 4 + FUN_OLD_UNIQ_OFFSET; at + 4 <= copy.length; at += FUN_ENTRY_BYTES) copy.fill(0, at, at + 4);
      hash.update(copy);
    } else {
      hash.update(chunk.data);
    }
  }
  return new Uint8Array(hash.digest());
}
