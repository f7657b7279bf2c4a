import { ChunkReader } from './chunk-reader.js';

/**
 * Type (OTP 25+): u32 version, u32 Count, then Count entries; entry 0 is "any".
 *
 *   v1 (OTP 25)     18 bytes: u16 type bits, i64 min, i64 max (min > max: no range)
 *   v2 (OTP 26)     u16 bits (v1 bits + 13 has-min, 14 has-max, 15 has-unit), then
 *                   the optional i64 min, i64 max, u8 (unit - 1)
 *   v3 (OTP 27-28)  as v2 without bs_context: bits renumbered, 12/13/14 has-min/max/unit
 *
 * Unknown versions are kept raw (ERTS treats them as "all any").
 */
export const TYPE_BITS_V1_V2 = [
  'atom', 'bitstring', 'bs_context', 'cons', 'float', 'fun', 'integer',
  'map', 'nil', 'pid', 'port', 'reference', 'tuple',
] as const;
export const TYPE_BITS_V3 = [
  'atom', 'bitstring', 'cons', 'float', 'fun', 'integer',
  'map', 'nil', 'pid', 'port', 'reference', 'tuple',
] as const;

export const TYPE_V1_ENTRY_SIZE = 18;
const V2_HAS_MIN = 1 << 13;
const V2_HAS_MAX = 1 << 14;
const V2_HAS_UNIT = 1 << 15;
const V3_HAS_MIN = 1 << 12;
const V3_HAS_MAX = 1 << 13;
const V3_HAS_UNIT = 1 << 14;

export interface TypeEntry {
  /** The raw u16 as stored. */
  readonly bits: number;
  /** Names of the type bits set, in bit order. */
  readonly types: readonly string[];
  readonly min: bigint | null;
  readonly max: bigint | null;
  readonly unit: number | null;
}

export interface TypeTable {
  readonly version: 1 | 2 | 3;
  readonly entries: readonly TypeEntry[];
}

export interface UnknownTypeTable {
  readonly version: number;
  readonly raw: Uint8Array;
}

export function decodeTypeTable(data: Uint8Array, baseOffset: number): TypeTable | UnknownTypeTable {
  const reader = new ChunkReader(data, baseOffset, 'Type');
  const version = reader.u32('version');
  if (version !== 1 && version !== 2 && version !== 3) return { version, raw: data };
  const count = reader.entryCount(reader.u32('type count'), version === 1 ? TYPE_V1_ENTRY_SIZE : 2, 'types');
  const entries: TypeEntry[] = new Array(count);
  for (let index = 0; index < count; index++) {
    entries[index] = version === 1 ? readV1(reader) : readV2OrV3(reader, version);
  }
  return { version, entries };
}

export function isTypeTable(table: TypeTable | UnknownTypeTable): table is TypeTable {
  return 'entries' in table;
}

function readV1(reader: ChunkReader): TypeEntry {
  const bits = reader.u16('type bits');
  const min = reader.i64('min');
  const max = reader.i64('max');
  const ranged = min <= max;
  return { bits, types: typeNames(bits, TYPE_BITS_V1_V2), min: ranged ? min : null, max: ranged ? max : null, unit: null };
}

function readV2OrV3(reader: ChunkReader, version: 2 | 3): TypeEntry {
  const bits = reader.u16('type bits');
  const names = version === 2 ? TYPE_BITS_V1_V2 : TYPE_BITS_V3;
  const hasMin = version === 2 ? V2_HAS_MIN : V3_HAS_MIN;
  const hasMax = version === 2 ? V2_HAS_MAX : V3_HAS_MAX;
  const hasUnit = version === 2 ? V2_HAS_UNIT : V3_HAS_UNIT;
  const min = (bits & hasMin) !== 0 ? reader.i64('min') : null;
  const max = (bits & hasMax) !== 0 ? reader.i64('max') : null;
  const unit = (bits & hasUnit) !== 0 ? reader.u8('unit') + 1 : null;
  return { bits, types: typeNames(bits & (hasMin - 1), names), min, max, unit };
}

function typeNames(bits: number, names: readonly string[]): string[] {
  const result: string[] = [];
  for (let bit = 0; bit < names.length; bit++) if ((bits & (1 << bit)) !== 0) result.push(names[bit]!);
  return result;
}
