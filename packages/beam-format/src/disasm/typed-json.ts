import {
  ErlAtom,
  ErlBitstring,
  ErlClosure,
  ErlExportFun,
  ErlFloat,
  ErlImproperList,
  ErlMap,
  ErlPid,
  ErlPort,
  ErlRef,
  ErlTuple,
  type Term,
} from '../term/values.js';

/**
 * A term as typed JSON, the format the OTP oracle escript (scripts/otp-oracle.escript)
 * writes, so the two can be compared exactly:
 *
 *   integer ["i","123"]   float ["f","<16 hex digits, IEEE big-endian>"]   atom ["a","name"]
 *   binary ["b","<HEX>"]  bitstring ["bs","<HEX>",bits]  tuple ["t",[...]]
 *   list ["l",[...]] or ["l",[...],tail]   map ["m",[[k,v],...]] (pairs sorted by JSON of key)
 *   fun M:F/A ["e","M","F",A]   anything else ["other","<printed>"]
 */
export type TypedJson = [string, ...unknown[]];

export function termToTypedJson(term: Term): TypedJson {
  if (typeof term === 'number' || typeof term === 'bigint') return ['i', term.toString()];
  if (term instanceof ErlAtom) return ['a', term.name];
  if (Array.isArray(term)) return ['l', term.map(termToTypedJson)];
  if (term instanceof ErlTuple) return ['t', term.elements.map(termToTypedJson)];
  if (term instanceof ErlFloat) return ['f', floatHex(term.value)];
  if (term instanceof Uint8Array) return ['b', hex(term)];
  if (term instanceof ErlImproperList) return ['l', term.elements.map(termToTypedJson), termToTypedJson(term.tail)];
  if (term instanceof ErlBitstring) return ['bs', hex(term.bytes), term.bitLength];
  if (term instanceof ErlMap) return ['m', sortPairs(term.entries.map(([key, value]) => [termToTypedJson(key), termToTypedJson(value)]))];
  if (term instanceof ErlExportFun) return ['e', term.module.name, term.name.name, term.arity];
  if (term instanceof ErlClosure || term instanceof ErlPid || term instanceof ErlPort || term instanceof ErlRef) {
    return ['other', term.constructor.name];
  }
  return ['other', String(term)];
}

/** Re-sorts the map pairs of typed JSON that came from elsewhere (the oracle), so equal terms print equal. */
export function canonicalTypedJson(value: unknown): unknown {
  if (!Array.isArray(value)) return value;
  if (value[0] === 'm' && Array.isArray(value[1])) {
    return ['m', sortPairs((value[1] as unknown[][]).map(([key, item]) => [canonicalTypedJson(key), canonicalTypedJson(item)]))];
  }
  return value.map(canonicalTypedJson);
}

function sortPairs(pairs: unknown[][]): unknown[][] {
  return pairs
    .map((pair) => ({ key: JSON.stringify(pair[0]), pair }))
    .sort((left, right) => (left.key < right.key ? -1 : left.key > right.key ? 1 : 0))
    .map((entry) => entry.pair);
}

function floatHex(value: number): string {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return hex(new Uint8Array(view.buffer));
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0').toUpperCase());

function hex(bytes: Uint8Array): string {
  let text = '';
  for (let index = 0; index < bytes.length; index++) text += HEX[bytes[index]!];
  return text;
}
