import { HEADER_MAP_HASH, headerTag, mapEntries, otpMapOrder, pointerIndex, type TermStore } from '@beamload/terms';

/**
 * A map's associations in the order ~w prints them (io_lib:write walks maps:iterator):
 * a flat map's sorted keys; a hash map from its lowest trie slot up, which is OTP's walk
 * order reversed when the keys' OTP hashes are known (otpMapOrder), else this store's.
 * ~W and a depth-limited ~P use this order too.
 */
export function mapEntriesInWriteOrder(store: TermStore, map: number): { keys: number[]; values: number[] } {
  let { keys, values } = mapEntries(store.arena, map);
  if (headerTag(store.arena.i32[pointerIndex(map)]) === HEADER_MAP_HASH) {
    const order = otpMapOrder(store, map);
    if (order !== undefined) {
      keys = order.map((i) => keys[i]).reverse();
      values = order.map((i) => values[i]).reverse();
    }
  }
  return { keys, values };
}
