export * from './layout.js';

// Arena, allocator and shared lock.
export { Arena, ARENA_MAX_BYTES_LIMIT, DEFAULT_INITIAL_BYTES, DEFAULT_MAX_BYTES, type ArenaOptions } from './arena/arena.js';
export { ArenaError, type ArenaErrorCode } from './arena/arena-error.js';
export { ALLOC_KINDS, type AllocKind } from './arena/alloc-kind.js';
export type { ArenaStats } from './arena/arena-stats.js';
export { ROOT_COUNT as ARENA_ROOT_COUNT } from './arena/arena-layout.js';
export { SharedLock, acquireLock, releaseLock, tryAcquireLock } from './shared-lock.js';

// Atom table.
export { AtomTable, ARENA_ROOT_ATOM_TABLE, type AtomTableOptions } from './atoms/atom-table.js';
export { AtomError, type AtomErrorCode } from './atoms/atom-error.js';
export { MAX_ATOM_CHARACTERS } from './atoms/atom-name.js';
export { DEFAULT_MAX_ATOMS } from './atoms/atom-table-layout.js';
export * from './atoms/predefined-atoms.js';
