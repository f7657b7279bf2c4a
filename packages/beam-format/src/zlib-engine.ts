import type * as NodeZlib from 'node:zlib';

/**
 * Which zlib implementation does the work: Node's built-in `node:zlib` (native, about
 * 4x faster on a 3.5 MB literal table) when the host has it, pako (pure JS) elsewhere,
 * e.g. in a browser bundle. `node:zlib` is looked up at run time, never imported
 * statically, so this module still loads where it does not exist.
 */
export type ZlibEngine = 'node' | 'pako';

let cachedNodeZlib: typeof NodeZlib | null | undefined;

/** `node:zlib` when the host provides it, else undefined. */
export function nodeZlib(): typeof NodeZlib | undefined {
  if (cachedNodeZlib === undefined) {
    cachedNodeZlib = null;
    const host = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
    try {
      const found = host?.getBuiltinModule?.('node:zlib') as typeof NodeZlib | undefined;
      if (found !== undefined && typeof found.inflateSync === 'function') cachedNodeZlib = found;
    } catch {
      cachedNodeZlib = null;
    }
  }
  return cachedNodeZlib ?? undefined;
}

/** The engine used when a caller does not name one. */
export function defaultZlibEngine(): ZlibEngine {
  return nodeZlib() === undefined ? 'pako' : 'node';
}
