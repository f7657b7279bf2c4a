import { createHash } from 'node:crypto';
import { moduleMd5Input, type BeamContainer } from '@beamload/beam-format';

/**
 * The module's MD5 as ERTS computes it (beam-format's `moduleMd5Input` says what is
 * hashed), with node:crypto: the literal table of a large module is megabytes, and the
 * plain-JS MD5 beam-format carries for builds without node:crypto is several times slower.
 */
export function beamMd5(container: BeamContainer): Uint8Array {
  const hash = createHash('md5');
  for (const part of moduleMd5Input(container.chunks)) hash.update(part);
  return new Uint8Array(hash.digest());
}
