import { CompactReader } from '../compact/decode.js';
import { ChunkReader } from './chunk-reader.js';

/**
 * Line: u32 version (only 0 is defined; ERTS skips others), u32 flags, u32 line-instruction
 * count, u32 ItemCount, u32 FnameCount; then compact terms, where an `a` value switches
 * the current file (starting at file 0) and each `i` value is one item (a line number);
 * then FnameCount x (u16 Len, UTF-8 name). Item 0 ("no location") and file 0 (the
 * module's own source) are implicit, so file k >= 1 is `fileNames[k - 1]`.
 */
export const LINE_FLAG_EXECUTABLE_LINE = 1;
export const LINE_FLAG_FORCE_LINE_COUNTERS = 2;

export interface LineItem {
  /** 0 = the module's own source file, k >= 1 = `LineTable.fileNames[k - 1]`. */
  readonly file: number;
  readonly line: number;
}

export interface LineTable {
  readonly version: number;
  readonly flags: number;
  readonly lineInstructionCount: number;
  /** Item 0 is the implicit "no location" ({file 0, line 0}); `line` operands index this. */
  readonly items: readonly LineItem[];
  readonly fileNames: readonly string[];
}

/** A Line chunk of a version other than 0: kept, but not decoded (ERTS ignores it too). */
export interface UnknownLineTable {
  readonly version: number;
  readonly raw: Uint8Array;
}

export function decodeLineTable(data: Uint8Array, baseOffset: number): LineTable | UnknownLineTable {
  const reader = new ChunkReader(data, baseOffset, 'Line');
  const version = reader.u32('version');
  if (version !== 0) return { version, raw: data };
  const flags = reader.u32('flags');
  const lineInstructionCount = reader.u32('line instruction count');
  const itemCount = reader.entryCount(reader.u32('item count'), 1, 'line items');
  const fileNameCount = reader.entryCount(reader.u32('file name count'), 2, 'file names');
  const items: LineItem[] = new Array(itemCount + 1);
  items[0] = { file: 0, line: 0 };
  const terms = new CompactReader(data, reader.position, baseOffset, 'Line');
  let file = 0;
  for (let index = 1; index <= itemCount; ) {
    const start = terms.position;
    const operand = terms.operand();
    if (operand.kind === 'a') {
      if (operand.value > fileNameCount) {
        throw reader.error('bad_index', `file index ${operand.value} is beyond the ${fileNameCount} file names`, start);
      }
      file = operand.value;
    } else if (operand.kind === 'i' && typeof operand.value === 'number' && operand.value >= 0) {
      items[index++] = { file, line: operand.value };
    } else {
      throw reader.error('bad_chunk', `line item is a ${operand.kind} operand, expected a (file) or i (line)`, start);
    }
  }
  reader.position = terms.position;
  const fileNames: string[] = new Array(fileNameCount);
  for (let index = 0; index < fileNameCount; index++) {
    const length = reader.u16('file name length');
    const start = reader.position;
    try {
      fileNames[index] = UTF8.decode(reader.bytes(length, 'file name'));
    } catch (error) {
      if (error instanceof TypeError) throw reader.error('bad_chunk', `file name ${index + 1} is not valid UTF-8`, start);
      throw error;
    }
  }
  return { version, flags, lineInstructionCount, items, fileNames };
}

export function isLineTable(table: LineTable | UnknownLineTable): table is LineTable {
  return 'items' in table;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
