/**
 * Growable SharedArrayBuffer (ES2024), which Node 20 implements but the ES2023 library
 * types this repository compiles against do not declare.
 */
export interface GrowableSharedArrayBuffer extends SharedArrayBuffer {
  readonly growable: boolean;
  readonly maxByteLength: number;
  grow(newByteLength: number): void;
}

interface GrowableSharedArrayBufferConstructor {
  new (byteLength: number, options: { maxByteLength: number }): GrowableSharedArrayBuffer;
}

export function createGrowableBuffer(byteLength: number, maxByteLength: number): GrowableSharedArrayBuffer {
  const constructor = SharedArrayBuffer as unknown as GrowableSharedArrayBufferConstructor;
  return new constructor(byteLength, { maxByteLength });
}

export function isGrowableBuffer(value: unknown): value is GrowableSharedArrayBuffer {
  return value instanceof SharedArrayBuffer && (value as GrowableSharedArrayBuffer).growable === true;
}
