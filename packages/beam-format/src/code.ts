import { CompactReader, CompactTag, type Operand } from './compact/decode.js';
import { OperandSlots, UNTYPED } from './compact/operand-slots.js';
import { ChunkReader } from './chunks/chunk-reader.js';
import { BeamFormatError } from './errors.js';
import { OPCODES } from './opcodes.js';

/**
 * Code chunk: u32 HeaderSize, then HeaderSize bytes of header (u32 format, which must be
 * 0; u32 max opcode; u32 label count = highest label + 1; u32 function count), then the
 * instruction stream up to the chunk end: one opcode byte and `arity` compact operands
 * per instruction (a z1 list is one operand carrying its elements).
 */
export const CODE_HEADER_FIELDS_SIZE = 16;
export const CODE_FORMAT_NUMBER = 0;

export interface CodeHeader {
  readonly headerSize: number;
  readonly format: number;
  /** A floor the compiler raises on purpose so older runtimes refuse the file; not a bound. */
  readonly maxOpcode: number;
  readonly labelCount: number;
  readonly functionCount: number;
}

export interface Instruction {
  readonly opcode: number;
  readonly name: string;
  readonly operands: Operand[];
  /** Absolute offset of the opcode byte. */
  readonly offset: number;
}

export interface CodeChunk {
  readonly header: CodeHeader;
  readonly instructions: Instruction[];
}

export function decodeCodeHeader(data: Uint8Array, baseOffset: number): CodeHeader {
  const reader = new ChunkReader(data, baseOffset, 'Code');
  const headerSize = reader.u32('header size');
  if (headerSize < CODE_HEADER_FIELDS_SIZE) {
    throw reader.error('bad_chunk', `code header of ${headerSize} bytes is shorter than ${CODE_HEADER_FIELDS_SIZE}`, 0);
  }
  reader.need(headerSize, 'code header');
  const format = reader.u32('format');
  if (format !== CODE_FORMAT_NUMBER) {
    throw reader.error('unsupported', `instruction set format ${format} (only ${CODE_FORMAT_NUMBER} exists)`, 4);
  }
  return {
    headerSize,
    format,
    maxOpcode: reader.u32(),
    labelCount: reader.u32(),
    functionCount: reader.u32(),
  };
}

/**
 * The Code chunk's instruction stream, one instruction at a time into reused buffers:
 * after `next()`, `opcode`, `name`, `arity` and `offset` describe the instruction and
 * slots 0..arity-1 of `operands` hold its operands (lists' elements in later slots).
 * What a loader reads; `decodeCode` builds the object form from it.
 */
export class InstructionReader {
  readonly header: CodeHeader;
  readonly operands = new OperandSlots();
  opcode = 0;
  name = '';
  arity = 0;
  /** Absolute offset of the opcode byte. */
  offset = 0;
  private readonly reader: CompactReader;

  constructor(
    private readonly data: Uint8Array,
    private readonly baseOffset: number,
    header: CodeHeader = decodeCodeHeader(data, baseOffset),
  ) {
    this.header = header;
    this.reader = new CompactReader(data, 4 + header.headerSize, baseOffset, 'Code');
  }

  /** Bytes of the Code chunk's data (header included). */
  get byteLength(): number {
    return this.data.length;
  }

  /** True when every instruction has been read. */
  get done(): boolean {
    return this.reader.atEnd();
  }

  /** Decodes the next instruction (call only while not `done`). */
  next(): void {
    const reader = this.reader;
    const position = reader.position;
    const opcode = this.data[position]!;
    const info = OPCODES[opcode];
    if (info === undefined) {
      throw new BeamFormatError('unknown_opcode', `unknown opcode ${opcode}`, this.baseOffset + position, 'Code');
    }
    reader.position = position + 1;
    const arity = info.arity;
    const operands = this.operands;
    operands.clear(arity);
    const data = this.data;
    const end = reader.end;
    for (let index = 0; index < arity; index++) {
      // Most operands are one byte (a value below 16, not z): stored here without a call.
      const at = reader.position;
      const first = at < end ? data[at]! : 0x0f;
      if ((first & 0x0f) < CompactTag.h) {
        reader.position = at + 1;
        operands.set(index, first & 7, first >> 4, UNTYPED);
      } else {
        reader.readOperand(operands, index);
      }
    }
    this.opcode = opcode;
    this.name = info.name;
    this.arity = arity;
    this.offset = this.baseOffset + position;
  }
}

export function decodeCode(data: Uint8Array, baseOffset: number): CodeChunk {
  const reader = new InstructionReader(data, baseOffset);
  const instructions: Instruction[] = [];
  while (!reader.done) {
    reader.next();
    const operands: Operand[] = new Array(reader.arity);
    for (let index = 0; index < reader.arity; index++) operands[index] = reader.operands.toOperand(index);
    instructions.push({ opcode: reader.opcode, name: reader.name, operands, offset: reader.offset });
  }
  return { header: reader.header, instructions };
}
