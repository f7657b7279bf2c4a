import { CompactTag } from '../compact/decode.js';
import { writeCompactValue } from '../compact/encode.js';
import type { LineTable } from '../chunks/lines.js';
import { ByteSink } from './byte-sink.js';

const LINE_TABLE_VERSION = 0;

/**
 * Line data as beam_asm writes it: u32 version 0, u32 flags, u32 line-instruction count,
 * u32 item count, u32 file-name count; then each item after the implicit item 0 as an
 * `i` line number, preceded by an `a` file index whenever the file changes (the current
 * file starts at 0); then each file name as u16 length + UTF-8.
 */
export function encodeLineChunk(table: Omit<LineTable, 'version'>): Uint8Array {
  const sink = new ByteSink(64 + table.items.length * 2);
  sink.u32(LINE_TABLE_VERSION);
  sink.u32(table.flags);
  sink.u32(table.lineInstructionCount);
  sink.u32(Math.max(0, table.items.length - 1));
  sink.u32(table.fileNames.length);
  let file = 0;
  for (let index = 1; index < table.items.length; index++) {
    const item = table.items[index]!;
    if (item.file !== file) {
      writeCompactValue(sink, CompactTag.a, item.file);
      file = item.file;
    }
    writeCompactValue(sink, CompactTag.i, item.line);
  }
  for (const name of table.fileNames) {
    const bytes = utf8.encode(name);
    sink.u16(bytes.length);
    sink.bytes(bytes);
  }
  return sink.toBytes();
}

const utf8 = new TextEncoder();
