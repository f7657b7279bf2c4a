import { readContainer } from '@beamload/beam-format';
import { beamMd5 } from '../beam-md5.js';
import { toHex } from './simulated-system.js';
import { TESTKIT_MODULE_BEAMS } from './testkit-modules.js';

/** The compact encoding of the integer 16#7A5A5A (tag i, 3 bytes) that version/0 returns in the fixtures. */
const VERSION_MARKER = [0x39, 0x7a, 0x5a, 0x5a] as const;
/** Versions are stored as VERSION_BASE + version, still a 3-byte positive integer. */
const VERSION_BASE = 0x100000;
export const MAX_TESTKIT_VERSION = 0x6fffff - VERSION_BASE;

export type TestkitModule = 'tk_alpha' | 'tk_beta' | 'tk_gamma' | 'tk_onload';

/**
 * Builds numbered versions of the testkit modules: the same module, with version/0
 * returning VERSION_BASE + n, and remembers each version's MD5 so the simulation can tell
 * which version a process reached.
 */
export class ModuleVersions {
  readonly #byMd5 = new Map<string, number>();
  readonly #cache = new Map<string, Uint8Array>();

  bytes(module: TestkitModule, version: number): Uint8Array {
    if (!Number.isInteger(version) || version < 0 || version > MAX_TESTKIT_VERSION) {
      throw new RangeError(`testkit versions are 0..${MAX_TESTKIT_VERSION}`);
    }
    const key = `${module}/${version}`;
    const cached = this.#cache.get(key);
    if (cached !== undefined) return cached;
    const original = Buffer.from(TESTKIT_MODULE_BEAMS[module], 'base64');
    const bytes = new Uint8Array(original);
    const at = findMarker(bytes);
    const value = VERSION_BASE + version;
    bytes[at + 1] = (value >>> 16) & 0xff;
    bytes[at + 2] = (value >>> 8) & 0xff;
    bytes[at + 3] = value & 0xff;
    this.#byMd5.set(toHex(beamMd5(readContainer(bytes))), version);
    this.#cache.set(key, bytes);
    return bytes;
  }

  /** Version of the module whose MD5 (hex) is `md5`, if it was built here. */
  versionOf(md5: string): number | undefined {
    return this.#byMd5.get(md5);
  }
}

function findMarker(bytes: Uint8Array): number {
  outer: for (let i = 0; i + VERSION_MARKER.length <= bytes.length; i++) {
    for (let j = 0; j < VERSION_MARKER.length; j++) if (bytes[i + j] !== VERSION_MARKER[j]) continue outer;
    return i;
  }
  throw new Error('testkit module without the version marker (regenerate with scripts/generate-testkit-modules.sh)');
}
