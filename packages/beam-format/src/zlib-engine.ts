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
    cachedNodeZlib = findNodeZlib((globalThis as { process?: unknown }).process) ?? null;
  }
  return cachedNodeZlib ?? undefined;
}

/**
 * Looks `node:zlib` up through `process.getBuiltinModule` (Node >= 20.16) of the given
 * host object; undefined where there is no such host (browsers, other runtimes).
 */
export function findNodeZlib(host: unknown): typeof NodeZlib | undefined {
  const lookup = (host as { getBuiltinModule?: unknown } | undefined)?.getBuiltinModule;
  if (typeof lookup !== 'function') return undefined;
  try {
    const found = lookup.call(host, 'node:zlib') as typeof NodeZlib | undefined;
    return found !== undefined && typeof found.inflateSync === 'function' ? found : undefined;
  } catch {
    return undefined;
  }
}

/** The engine used when a caller does not name one. */
export function defaultZlibEngine(): ZlibEngine {
  return nodeZlib() === undefined ? 'pako' : 'node';
}
