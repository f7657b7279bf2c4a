import type { Operand } from '../compact/decode.js';
import { writeOperand } from '../compact/encode.js';
import { ByteSink } from './byte-sink.js';

/** The fields of the Code chunk header that a writer chooses. */
export interface CodeHeaderFields {
  /** Highest opcode used, or a floor raised on purpose (OTP 25 writes at least 169). */
  readonly maxOpcode: number;
  /** Highest label + 1. */
  readonly labelCount: number;
  readonly functionCount: number;
}

/** An instruction to write: opcode number and its operands (a z1 list is one operand). */
export interface EncodableInstruction {
  readonly opcode: number;
  readonly operands: readonly Operand[];
}

const CODE_HEADER_SIZE = 16;
const CODE_FORMAT = 0;

/**
 * Code data: u32 HeaderSize (16), u32 format 0, u32 max opcode, u32 label count,
 * u32 function count, then each instruction as its opcode byte and compact operands.
 * The caller includes the final int_code_end (opcode 3).
 */
export function encodeCodeChunk(header: CodeHeaderFields, instructions: Iterable<EncodableInstruction>): Uint8Array {
  const sink = new ByteSink(4096);
  sink.u32(CODE_HEADER_SIZE);
  sink.u32(CODE_FORMAT);
  sink.u32(header.maxOpcode);
  sink.u32(header.labelCount);
  sink.u32(header.functionCount);
  for (const instruction of instructions) {
    sink.u8(instruction.opcode);
    for (const operand of instruction.operands) writeOperand(sink, operand);
  }
  return sink.toBytes();
}
