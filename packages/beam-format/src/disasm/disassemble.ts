import type { Instruction } from '../code.js';
import { BeamFormatError } from '../errors.js';
import type { Term } from '../term/values.js';
import type { DisasmContext } from './context.js';
import { OperandView, showInstruction, type LabelTarget } from './instructions.js';

/**
 * Groups the instruction stream into functions as beam_disasm does: a function is the
 * label/line instructions before its func_info, the func_info, and everything up to the
 * label/line run that precedes the next func_info. The trailing int_code_end is dropped.
 * Unlike OTP 25's beam_disasm, the leading label/line run is always in file order.
 */
export interface DisassembledFunction {
  readonly name: string;
  readonly arity: number;
  /** The label right after func_info, which ExpT/LocT/FunT point at. */
  readonly entry: number;
  /** Instructions as beam_disasm terms, in file order. */
  readonly code: Term[];
  /** The decoded instructions the terms were made from. */
  readonly instructions: Instruction[];
}

export function disassemble(instructions: readonly Instruction[], context: DisasmContext, codeOffset: number): DisassembledFunction[] {
  if (instructions.length === 0) {
    throw new BeamFormatError('bad_chunk', 'the code segment is empty', codeOffset, 'Code');
  }
  const groups = groupFunctions(instructions, context, codeOffset);
  const labels = entryLabels(groups, context);
  return groups.map((group) => ({
    name: group.name,
    arity: group.arity,
    entry: group.entry,
    instructions: group.instructions,
    code: group.instructions.map((instruction) => showInstruction(new OperandView(context, instruction, labels))),
  }));
}

interface FunctionGroup {
  readonly name: string;
  readonly arity: number;
  readonly entry: number;
  readonly instructions: Instruction[];
  /** Position of func_info inside `instructions`. */
  readonly funcInfoAt: number;
}

function isLabelOrLine(instruction: Instruction): boolean {
  return instruction.name === 'label' || instruction.name === 'line';
}

function groupFunctions(instructions: readonly Instruction[], context: DisasmContext, codeOffset: number): FunctionGroup[] {
  let end = instructions.length;
  // Only a final int_code_end ends the code; anywhere else it is an instruction like any other.
  if (instructions[end - 1]!.name === 'int_code_end') end--;
  const groups: FunctionGroup[] = [];
  let start = 0;
  let position = 0;
  while (position < end && isLabelOrLine(instructions[position]!)) position++;
  while (position < end || start < position) {
    const funcInfo = instructions[position];
    if (funcInfo === undefined || funcInfo.name !== 'func_info') {
      throw new BeamFormatError(
        'bad_chunk',
        'code does not start a function with func_info',
        funcInfo?.offset ?? instructions[start]?.offset ?? codeOffset,
        'Code',
      );
    }
    const funcInfoAt = position - start;
    const [moduleOperand, nameOperand, arityOperand] = funcInfo.operands;
    if (moduleOperand!.kind !== 'a' || moduleOperand!.value === 0 || nameOperand!.kind !== 'a' || nameOperand!.value === 0) {
      throw new BeamFormatError('bad_operand', 'func_info module and name must be atoms', funcInfo.offset, 'Code');
    }
    if (arityOperand!.kind !== 'u' || typeof arityOperand!.value !== 'number') {
      throw new BeamFormatError('bad_operand', 'func_info arity must be a u operand', funcInfo.offset, 'Code');
    }
    const name = context.atoms[nameOperand!.value - 1];
    if (name === undefined || context.atoms[moduleOperand!.value - 1] === undefined) {
      throw new BeamFormatError('bad_index', 'func_info names an atom that does not exist', funcInfo.offset, 'Code');
    }
    position++;
    while (position < end && instructions[position]!.name !== 'func_info') position++;
    // The label/line run just before the next func_info belongs to the next function.
    let bodyEnd = position;
    if (position < end) while (bodyEnd > start && isLabelOrLine(instructions[bodyEnd - 1]!)) bodyEnd--;
    const entryInstruction = instructions[start + funcInfoAt + 1];
    if (entryInstruction === undefined || start + funcInfoAt + 1 >= bodyEnd || entryInstruction.name !== 'label') {
      throw new BeamFormatError('bad_chunk', 'func_info is not followed by the entry label', funcInfo.offset, 'Code');
    }
    const entryOperand = entryInstruction.operands[0]!;
    if (entryOperand.kind !== 'u' || typeof entryOperand.value !== 'number') {
      throw new BeamFormatError('bad_operand', 'label operand must be a u operand', entryInstruction.offset, 'Code');
    }
    groups.push({ name, arity: arityOperand!.value, entry: entryOperand.value, instructions: instructions.slice(start, bodyEnd), funcInfoAt });
    start = bodyEnd;
    if (position >= end) break;
  }
  return groups;
}

/** Labels right after each func_info, mapped to the function they enter. */
function entryLabels(groups: readonly FunctionGroup[], context: DisasmContext): Map<number, LabelTarget> {
  const labels = new Map<number, LabelTarget>();
  for (const group of groups) {
    const target = { module: context.module, name: group.name, arity: group.arity };
    for (let index = group.funcInfoAt + 1; index < group.instructions.length; index++) {
      const instruction = group.instructions[index]!;
      if (instruction.name !== 'label') break;
      const operand = instruction.operands[0]!;
      if (operand.kind === 'u' && typeof operand.value === 'number' && !labels.has(operand.value)) labels.set(operand.value, target);
    }
  }
  return labels;
}
