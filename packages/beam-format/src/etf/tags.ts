/**
 * External Term Format tag bytes (erl_ext_dist). One table, so the decoder, the encoder
 * and error messages agree on the numbers and names.
 */
export const ETF_VERSION = 131;

export const EtfTag = {
  COMPRESSED: 80,
  NEW_FLOAT_EXT: 70,
  BIT_BINARY_EXT: 77,
  ATOM_CACHE_REF: 82,
  NEW_PID_EXT: 88,
  NEW_PORT_EXT: 89,
  NEWER_REFERENCE_EXT: 90,
  SMALL_INTEGER_EXT: 97,
  INTEGER_EXT: 98,
  FLOAT_EXT: 99,
  ATOM_EXT: 100,
  REFERENCE_EXT: 101,
  PORT_EXT: 102,
  PID_EXT: 103,
  SMALL_TUPLE_EXT: 104,
  LARGE_TUPLE_EXT: 105,
  NIL_EXT: 106,
  STRING_EXT: 107,
  LIST_EXT: 108,
  BINARY_EXT: 109,
  SMALL_BIG_EXT: 110,
  LARGE_BIG_EXT: 111,
  NEW_FUN_EXT: 112,
  EXPORT_EXT: 113,
  NEW_REFERENCE_EXT: 114,
  SMALL_ATOM_EXT: 115,
  MAP_EXT: 116,
  FUN_EXT: 117,
  ATOM_UTF8_EXT: 118,
  SMALL_ATOM_UTF8_EXT: 119,
  V4_PORT_EXT: 120,
  LOCAL_EXT: 121,
  /** ERTS-internal: an index into the running emulator's atom table (ETS compression). */
  ATOM_INTERNAL_REF2: 73,
  ATOM_INTERNAL_REF3: 75,
  /** Only inside distribution messages, never in a standalone term. */
  DIST_HEADER: 68,
  DIST_FRAG_HEADER: 69,
} as const;

/**
 * Tags that are well-formed ETF but have no meaning outside a distribution message or
 * the emulator that wrote them; the decoder refuses them with this reason.
 */
export const REFUSED_ETF_TAGS: ReadonlyMap<number, string> = new Map([
  [EtfTag.ATOM_CACHE_REF, 'ATOM_CACHE_REF (82) only occurs after a distribution header'],
  [EtfTag.FUN_EXT, 'FUN_EXT (117) was removed in OTP 23'],
  [EtfTag.LOCAL_EXT, 'LOCAL_EXT (121) is an opaque node-local encoding'],
  [EtfTag.ATOM_INTERNAL_REF2, 'ATOM_INTERNAL_REF2 (73) indexes the atom table of the emulator that wrote it'],
  [EtfTag.ATOM_INTERNAL_REF3, 'ATOM_INTERNAL_REF3 (75) indexes the atom table of the emulator that wrote it'],
  [EtfTag.DIST_HEADER, 'a distribution header (68) is not a term'],
  [EtfTag.DIST_FRAG_HEADER, 'a distribution fragment header (69) is not a term'],
]);

const tagNames = new Map<number, string>(Object.entries(EtfTag).map(([name, tag]) => [tag, name]));

/** `NAME (tag)` for messages; unknown tags print as their number. */
export function etfTagName(tag: number): string {
  const name = tagNames.get(tag);
  return name === undefined ? `tag ${tag}` : `${name} (${tag})`;
}
