/**
 * Word offsets of binaries on the heap, as `@beamload/terms` lays them out (term/binary.ts):
 *   heap binary [header(HEAP_BINARY, 1 + ceil(n/4)), n, bytes...]
 *   refc binary [header(REFC_BINARY, 2), n, data block]
 *   sub-binary  [header(SUB_BINARY, 3), bit size, bit offset, original]
 */
export const BINARY_BYTE_SIZE = 1;
export const REFC_BINARY_BLOCK = 2;
export const SUB_BINARY_BIT_SIZE = 1;
export const SUB_BINARY_BIT_OFFSET = 2;
export const SUB_BINARY_ORIGINAL = 3;
