import { BeamFormatError, CompactReader, OPCODES, type BeamFile, type CodeHeader } from '@beamload/beam-format';
import type { GenericInstruction, GenericOperand } from './code/code-input.js';

/**
 * The Code chunk's instruction stream decoded a bounded number of instructions at a
 * time, so a sliced prepare can yield between pieces (beam-format's `beam.code` decodes
 * the whole chunk in one call). Same result and same errors as beam-format's
 * `decodeCode`: one opcode byte and `arity` compact operands per instruction, offsets
 * absolute in the file.
 */
export class CodeDecoding {
  readonly header: CodeHeader;
  readonly instructions: GenericInstruction[] = [];
  private readonly reader: CompactReader;
  private readonly data: Uint8Array;
  private readonly baseOffset: number;
  private released = 0;

  constructor(beam: BeamFile) {
    const chunk = beam.chunk('Code');
    if (chunk === undefined) throw new BeamFormatError('missing_chunk', 'no Code chunk', 0, 'Code');
    this.header = beam.codeHeader;
    this.data = chunk.data;
    this.baseOffset = chunk.dataOffset;
    this.reader = new CompactReader(chunk.data, 4 + this.header.headerSize, chunk.dataOffset, 'Code');
  }

  get done(): boolean {
    return this.reader.atEnd();
  }

  /** Drops the instructions before `end` (already translated): their objects can be collected. */
  release(end: number): void {
    const instructions = this.instructions as Array<GenericInstruction | undefined>;
    for (let index = this.released; index < end; index++) instructions[index] = undefined;
    this.released = Math.max(this.released, end);
  }

  /** Decodes up to `count` more instructions. */
  decodeSome(count: number): void {
    const reader = this.reader;
    const data = this.data;
    const instructions = this.instructions;
    for (let decoded = 0; decoded < count && !reader.atEnd(); decoded++) {
      const position = reader.position;
      const opcode = data[position]!;
      const info = OPCODES[opcode];
      if (info === undefined) {
        throw new BeamFormatError('unknown_opcode', `unknown opcode ${opcode}`, this.baseOffset + position, 'Code');
      }
      reader.position = position + 1;
      const operands: GenericOperand[] = new Array(info.arity);
      for (let index = 0; index < info.arity; index++) operands[index] = reader.operand() as GenericOperand;
      instructions.push({ opcode, name: info.name, operands, offset: this.baseOffset + position });
    }
  }
}
