/**
 * The code index block: which of the three copies of the export and module tables
 * executing code reads (active) and which one a loader writes (staging). Three, as in
 * ERTS: after a commit, the previous active index may still be in use by a scheduler
 * that has not passed a safe point; the thread-progress wait that ends every load proves
 * it is no longer in use before it becomes the staging index again.
 *
 * Layout (word offsets from the block's word index):
 */
export const NUM_CODE_INDEXES = 3;
/** Active index (Atomics): read lock-free by every scheduler at its safe point. */
export const CODE_INDEX_ACTIVE = 0;
/** Staging index: (active + 1) mod 3 between commits. */
export const CODE_INDEX_STAGING = 1;
/** 1 while a staging is open (between start and commit/abort), else 0. */
export const CODE_INDEX_STAGING_OPEN = 2;
/** Number of commits so far (Atomics): a cheap "has anything changed" stamp. */
export const CODE_INDEX_COMMITS = 3;
export const CODE_INDEX_WORDS = 4;
