import { isTypeTable, type BeamFile } from '@beamload/beam-format';
import { LoadError } from './errors.js';

/**
 * The Type chunk (OTP 25+) as ERTS checks it before loading: ERTS 25 refuses a version 1
 * table with no entries, a truncated entry, an entry with no type bits, or an entry 0
 * that is not "any" without a range ("corrupt type table", checked with erl on crafted
 * tables); a version it does not know it ignores. The compiler's typed registers name
 * these entries, so a corrupt table is a corrupt file even though we do not use the
 * types to specialize code. Versions 2 and 3 (OTP 26-28) get the same checks but the
 * per-entry one, for which there is no oracle here.
 */
export function checkTypeTable(beam: BeamFile): void {
  const chunk = beam.chunk('Type');
  if (chunk === undefined || chunk.size === 0) return;
  // Decoding bounds-checks every entry (a BeamFormatError naming Type and the offset).
  const table = beam.types;
  if (table === null || !isTypeTable(table)) return;
  const refuse = (what: string, offset: number): never => {
    throw new LoadError('badfile', `corrupt type table: ${what}`, offset, 'Type', [beam.module]);
  };
  const entriesStart = chunk.dataOffset + 8;
  if (table.entries.length === 0) refuse('no entries (entry 0 must be "any")', chunk.dataOffset + 4);
  const any = table.entries[0]!;
  const allTypes = table.version === 3 ? ALL_TYPE_BITS_V3 : ALL_TYPE_BITS_V1_V2;
  if ((any.bits & allTypes) !== allTypes || any.min !== null || any.max !== null) refuse('entry 0 is not "any" without a range', entriesStart);
  if (table.version === 1) {
    table.entries.forEach((entry, index) => {
      if (entry.bits === 0) refuse(`entry ${index} has no type bits`, entriesStart + index * TYPE_V1_ENTRY_BYTES);
    });
  }
}

/** atom .. tuple: 13 type bits in versions 1 and 2, 12 in version 3 (no bs_context). */
const ALL_TYPE_BITS_V1_V2 = (1 << 13) - 1;
const ALL_TYPE_BITS_V3 = (1 << 12) - 1;
/** u16 bits, i64 min, i64 max. */
const TYPE_V1_ENTRY_BYTES = 18;
