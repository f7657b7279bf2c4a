/**
 * Every failure of the arena or its allocator is an `ArenaError`: a stable code and
 * the byte offset in the arena the failure concerns (-1 when it concerns none).
 * A failed call leaves the allocator exactly as it was.
 */
export type ArenaErrorCode =
  | 'arena_full' // the request does not fit even after growing to maxBytes
  | 'bad_free' // free() of something that is not the start of a live block (double free, stray pointer)
  | 'bad_block' // blockWords()/kindOf() of something that is not a live block
  | 'bad_size' // a request size that is not a non-negative integer or can never fit
  | 'bad_kind' // an allocation kind outside AllocKind
  | 'bad_options' // create() options out of range
  | 'bad_buffer' // attach() to a buffer that is not an arena of this layout version
  | 'bad_root' // a root slot index out of range
  | 'overrun' // debug mode: free() found the block's guard word overwritten (a write past the payload)
  | 'use_after_free' // debug mode: alloc() found a free block written to after it was freed
  | 'corrupt'; // verify() found an inconsistent heap (memory was written outside a block)

export class ArenaError extends Error {
  override readonly name = 'ArenaError';
  constructor(
    readonly code: ArenaErrorCode,
    readonly detail: string,
    /** Byte offset in the arena the error concerns, or -1. */
    readonly offset: number = -1,
  ) {
    super(`${detail} (${code}${offset >= 0 ? ` at byte ${offset}` : ''})`);
  }
}
