import type { AllocKind } from './alloc-kind.js';

export interface ArenaStats {
  /** Bytes of live blocks of each kind, block headers and rounding included. */
  bytesInUseByKind: Record<AllocKind, number>;
  /** Sum of bytesInUseByKind. */
  bytesInUse: number;
  /** Current size of the SharedArrayBuffer (it only grows). */
  bytesReserved: number;
  /** Bytes between the start of the arena and the end of the last block: the footprint. */
  bytesUsedExtent: number;
  /** Bytes in free blocks below the extent, ready for reuse. */
  bytesFree: number;
  /** The SharedArrayBuffer's maxByteLength: the arena never grows beyond it. */
  maxBytes: number;
  blocksInUse: number;
  freeBlocks: number;
  /** How many times the buffer was grown. */
  growCount: number;
}
