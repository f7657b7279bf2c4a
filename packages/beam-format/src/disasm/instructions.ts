import type { Operand } from '../compact/decode.js';
import type { Instruction } from '../code.js';
import { BeamFormatError } from '../errors.js';
import { atom, type ErlAtom, type Term } from '../term/values.js';
import type { DisasmContext } from './context.js';
import { allocationList, genericOperand, rawOperand, resolvedOperand, tuple } from './operands.js';

/**
 * How each opcode is shown, following OTP 25's beam_disasm:resolve_inst/4 clause by
 * clause. Opcodes it does not know (OTP 26+ and the long-obsolete ones) are shown
 * generically as `{Name, Operands...}` with lists as `{list,[...]}`.
 */
export interface LabelTarget {
  readonly module: string;
  readonly name: string;
  readonly arity: number;
}

/** Operand accessors for one instruction; each throws `bad_operand` where beam_disasm would crash. */
export class OperandView {
  constructor(
    readonly context: DisasmContext,
    readonly instruction: Instruction,
    readonly labels: ReadonlyMap<number, LabelTarget>,
  ) {}

  get count(): number {
    return this.instruction.operands.length;
  }

  operand(index: number): Operand {
    return this.instruction.operands[index]!;
  }

  /** resolve_arg */
  r(index: number): Term {
    return resolvedOperand(this.context, this.operand(index), this.instruction.offset);
  }

  /** As decoded, unresolved. */
  w(index: number): Term {
    return rawOperand(this.context, this.operand(index), this.instruction.offset);
  }

  rs(from: number, to: number = this.count): Term[] {
    const result: Term[] = [];
    for (let index = from; index < to; index++) result.push(this.r(index));
    return result;
  }

  /** A `{u,N}` operand, shown as N. */
  u(index: number): number | bigint {
    const operand = this.operand(index);
    if (operand.kind !== 'u') throw this.bad(`operand ${index + 1} is ${operand.kind}, expected u`);
    return operand.value;
  }

  /** A `{u,N}` operand or an allocation list, shown as N or `{alloc,[...]}`. */
  uOrAlloc(index: number): Term {
    const operand = this.operand(index);
    if (operand.kind === 'alloc') return allocationList(operand.value);
    return this.u(index);
  }

  fieldFlags(index: number): Term {
    return tuple(FIELD_FLAGS, this.u(index));
  }

  list(index: number): Operand[] {
    const operand = this.operand(index);
    if (operand.kind !== 'list') throw this.bad(`operand ${index + 1} is ${operand.kind}, expected a list`);
    return operand.value;
  }

  resolvedList(index: number): Term {
    return tuple(LIST, this.list(index).map((item) => resolvedOperand(this.context, item, this.instruction.offset)));
  }

  importedFunction(index: number): { module: string; name: string; arity: number } {
    const position = this.u(index);
    const entry = typeof position === 'number' ? this.context.imports[position] : undefined;
    if (entry === undefined) {
      throw new BeamFormatError('bad_index', `import ${position} is not in 0..${this.context.imports.length - 1}`, this.instruction.offset, 'Code');
    }
    return entry;
  }

  extfunc(index: number): Term {
    const entry = this.importedFunction(index);
    return tuple(EXTFUNC, atom(entry.module), atom(entry.name), entry.arity);
  }

  bifName(index: number): ErlAtom {
    return atom(this.importedFunction(index).name);
  }

  /** The {M,F,A} of the function whose entry label operand `index` names. */
  callTarget(index: number): Term {
    const operand = this.operand(index);
    if (operand.kind !== 'f') throw this.bad(`operand ${index + 1} is ${operand.kind}, expected a label`);
    const target = this.labels.get(operand.value);
    if (target === undefined) {
      throw new BeamFormatError('bad_index', `label ${operand.value} is not a function entry`, this.instruction.offset, 'Code');
    }
    return tuple(atom(target.module), atom(target.name), target.arity);
  }

  fun(index: number): { name: string; arity: number; oldIndex: number; oldUniq: number; numFree: number } {
    const oldIndex = this.u(index);
    const entry = typeof oldIndex === 'number' ? this.context.funs?.[oldIndex] : undefined;
    if (entry === undefined) {
      throw new BeamFormatError('bad_index', `fun ${oldIndex} is not in the FunT chunk`, this.instruction.offset, 'Code');
    }
    return { name: entry.name, arity: entry.arity, oldIndex: oldIndex as number, oldUniq: entry.oldUniq, numFree: entry.numFree };
  }

  strings(offset: number | bigint, length: number | bigint): Uint8Array {
    const strings = this.context.strings;
    if (typeof offset !== 'number' || typeof length !== 'number' || offset + length > strings.length) {
      throw new BeamFormatError('bad_index', `string ${offset}+${length} is beyond StrT (${strings.length} bytes)`, this.instruction.offset, 'Code');
    }
    return strings.subarray(offset, offset + length);
  }

  bad(detail: string): BeamFormatError {
    return new BeamFormatError('bad_operand', `${this.instruction.name}: ${detail}`, this.instruction.offset, 'Code');
  }
}

type Shower = (view: OperandView) => Term;

const FIELD_FLAGS = atom('field_flags');
const LIST = atom('list');
const EXTFUNC = atom('extfunc');
const TEST = atom('test');
const BIF = atom('bif');
const GC_BIF = atom('gc_bif');
const ARITHFBIF = atom('arithfbif');
const NOFAIL = atom('nofail');
const STRING = atom('string');

/** `{test,Op,Fail,[Args]}` with every operand resolved. */
const test = (name: string): Shower => (view) => tuple(TEST, atom(name), view.r(0), view.rs(1));
/** `{Op, Operand1, ...}` with every operand raw. */
const raw = (name: string): Shower => (view) => tuple(atom(name), ...view.instruction.operands.map((_, index) => view.w(index)));
/** `{Op, N1, ...}` with every operand a u. */
const unsigned = (name: string): Shower => (view) => tuple(atom(name), ...view.instruction.operands.map((_, index) => view.u(index)));
/** `{Op, Resolved}` */
const resolvedOne = (name: string): Shower => (view) => tuple(atom(name), view.r(0));
const bare = (name: string): Shower => () => atom(name);
const bif = (view: OperandView, operandCount: number): Term =>
  tuple(BIF, view.bifName(1), view.r(0), view.rs(2, 2 + operandCount), view.r(2 + operandCount));
const gcBif = (view: OperandView, operandCount: number): Term =>
  tuple(GC_BIF, view.bifName(2), view.r(0), view.r(1), view.rs(3, 3 + operandCount), view.r(3 + operandCount));
const arith = (name: string): Shower => (view) => tuple(ARITHFBIF, atom(name), view.r(0), view.rs(1, view.count - 1), view.r(view.count - 1));
const bsPut = (name: string): Shower => (view) =>
  tuple(atom(name), view.w(0), view.r(1), view.u(2), view.fieldFlags(3), view.r(4));
const bsGet2 = (name: string): Shower => (view) =>
  tuple(TEST, atom(name), view.w(0), [view.w(1), view.u(2), view.r(3), view.u(4), view.fieldFlags(5), view.r(6)]);
const bsInit = (name: string): Shower => (view) =>
  tuple(atom(name), view.w(0), view.r(1), view.u(2), view.u(3), view.fieldFlags(4), view.r(5));
const bsGetUtf = (name: string): Shower => (view) =>
  tuple(TEST, atom(name), view.w(0), [view.r(1), view.r(2), view.fieldFlags(3), view.r(4)]);
const bsSkipUtf = (name: string): Shower => (view) =>
  tuple(TEST, atom(name), view.w(0), [view.r(1), view.r(2), view.fieldFlags(3)]);
const bsUtfSize = (name: string): Shower => (view) => tuple(atom(name), view.w(0), view.r(1), view.r(2));
const bsPutUtf = (name: string): Shower => (view) => tuple(atom(name), view.w(0), view.fieldFlags(1), view.r(2));
const selectLike = (name: string): Shower => (view) => tuple(atom(name), view.w(0), view.w(1), view.resolvedList(2));
const putMap = (name: string): Shower => (view) =>
  tuple(atom(name), view.w(0), view.w(1), view.w(2), view.u(3), view.resolvedList(4));
const saveRestore2 = (name: string): Shower => (view) => {
  const position = view.operand(1);
  return tuple(atom(name), view.w(0), position.kind === 'a' && position.value !== 0 ? view.w(1) : view.u(1));
};

const TEST_OPCODES = [
  'is_lt', 'is_ge', 'is_eq', 'is_ne', 'is_eq_exact', 'is_ne_exact', 'is_integer', 'is_float', 'is_number',
  'is_atom', 'is_pid', 'is_reference', 'is_port', 'is_nil', 'is_binary', 'is_list', 'is_nonempty_list',
  'is_tuple', 'test_arity', 'is_tagged_tuple', 'is_function', 'is_boolean', 'is_function2', 'is_bitstr', 'is_map',
];

export const INSTRUCTION_SHOWERS: ReadonlyMap<string, Shower> = new Map<string, Shower>([
  ['label', (view) => tuple(atom('label'), view.u(0))],
  ['func_info', (view) => tuple(atom('func_info'), view.w(0), view.w(1), view.u(2))],
  ['call', (view) => tuple(atom('call'), view.u(0), view.callTarget(1))],
  ['call_last', (view) => tuple(atom('call_last'), view.u(0), view.callTarget(1), view.u(2))],
  ['call_only', (view) => tuple(atom('call_only'), view.u(0), view.callTarget(1))],
  ['call_ext', (view) => tuple(atom('call_ext'), view.u(0), view.extfunc(1))],
  ['call_ext_last', (view) => tuple(atom('call_ext_last'), view.u(0), view.extfunc(1), view.u(2))],
  ['call_ext_only', (view) => tuple(atom('call_ext_only'), view.u(0), view.extfunc(1))],
  ['bif0', (view) => tuple(BIF, view.bifName(0), NOFAIL, [], view.r(1))],
  ['bif1', (view) => bif(view, 1)],
  ['bif2', (view) => bif(view, 2)],
  ['gc_bif1', (view) => gcBif(view, 1)],
  ['gc_bif2', (view) => gcBif(view, 2)],
  ['gc_bif3', (view) => gcBif(view, 3)],
  ['allocate', unsigned('allocate')],
  ['allocate_zero', unsigned('allocate_zero')],
  ['allocate_heap', (view) => tuple(atom('allocate_heap'), view.u(0), view.uOrAlloc(1), view.u(2))],
  ['allocate_heap_zero', (view) => tuple(atom('allocate_heap_zero'), view.u(0), view.uOrAlloc(1), view.u(2))],
  ['test_heap', (view) => tuple(atom('test_heap'), view.uOrAlloc(0), view.u(1))],
  ['init', raw('init')],
  ['deallocate', unsigned('deallocate')],
  ['return', bare('return')],
  ['send', bare('send')],
  ['remove_message', bare('remove_message')],
  ['timeout', bare('timeout')],
  ['loop_rec', raw('loop_rec')],
  ['loop_rec_end', raw('loop_rec_end')],
  ['wait', raw('wait')],
  ['wait_timeout', (view) => tuple(atom('wait_timeout'), view.w(0), view.r(1))],
  ...TEST_OPCODES.map((name): [string, Shower] => [name, test(name)]),
  ['select_val', selectLike('select_val')],
  ['select_tuple_arity', selectLike('select_tuple_arity')],
  ['jump', raw('jump')],
  ['catch', raw('catch')],
  ['catch_end', raw('catch_end')],
  ['move', (view) => tuple(atom('move'), view.r(0), view.w(1))],
  ['get_list', raw('get_list')],
  ['get_tuple_element', (view) => tuple(atom('get_tuple_element'), view.r(0), view.u(1), view.r(2))],
  ['set_tuple_element', (view) => tuple(atom('set_tuple_element'), view.r(0), view.r(1), view.u(2))],
  ['put_list', (view) => tuple(atom('put_list'), view.r(0), view.r(1), view.w(2))],
  ['put_tuple', (view) => tuple(atom('put_tuple'), view.u(0), view.w(1))],
  ['put', resolvedOne('put')],
  ['badmatch', resolvedOne('badmatch')],
  ['if_end', bare('if_end')],
  ['case_end', resolvedOne('case_end')],
  ['call_fun', unsigned('call_fun')],
  ['bs_put_integer', bsPut('bs_put_integer')],
  ['bs_put_binary', bsPut('bs_put_binary')],
  ['bs_put_float', bsPut('bs_put_float')],
  [
    'bs_put_string',
    (view) => {
      const length = view.u(0);
      const bytes = Number(length) > 0 ? view.strings(view.u(1), length) : new Uint8Array(0);
      return tuple(atom('bs_put_string'), length, tuple(STRING, Array.from(bytes)));
    },
  ],
  ['fclearerror', bare('fclearerror')],
  ['fcheckerror', resolvedOne('fcheckerror')],
  ['fmove', (view) => tuple(atom('fmove'), view.r(0), view.r(1))],
  ['fconv', (view) => tuple(atom('fconv'), view.r(0), view.r(1))],
  ['fadd', arith('fadd')],
  ['fsub', arith('fsub')],
  ['fmul', arith('fmul')],
  ['fdiv', arith('fdiv')],
  ['fnegate', arith('fnegate')],
  ['try', raw('try')],
  ['try_end', raw('try_end')],
  ['try_case', raw('try_case')],
  ['try_case_end', resolvedOne('try_case_end')],
  ['raise', (view) => tuple(atom('raise'), tuple(atom('f'), 0), [view.w(0), view.w(1)], tuple(atom('x'), 0))],
  ['bs_init2', bsInit('bs_init2')],
  ['bs_init_bits', bsInit('bs_init_bits')],
  ['bs_add', (view) => tuple(atom('bs_add'), view.w(0), [view.r(1), view.r(2), view.r(3)], view.r(4))],
  ['apply', unsigned('apply')],
  ['apply_last', unsigned('apply_last')],
  [
    'bs_start_match2',
    (view) => tuple(TEST, atom('bs_start_match2'), view.w(0), [view.w(1), view.u(2), view.u(3), view.w(4)]),
  ],
  ['bs_get_integer2', bsGet2('bs_get_integer2')],
  ['bs_get_binary2', bsGet2('bs_get_binary2')],
  ['bs_get_float2', bsGet2('bs_get_float2')],
  [
    'bs_skip_bits2',
    (view) => tuple(TEST, atom('bs_skip_bits2'), view.w(0), [view.w(1), view.r(2), view.u(3), view.fieldFlags(4)]),
  ],
  ['bs_test_tail2', (view) => tuple(TEST, atom('bs_test_tail2'), view.w(0), [view.w(1), view.u(2)])],
  ['bs_test_unit', (view) => tuple(TEST, atom('bs_test_unit'), view.w(0), [view.w(1), view.u(2)])],
  ['bs_save2', saveRestore2('bs_save2')],
  ['bs_restore2', saveRestore2('bs_restore2')],
  ['is_bitstr', test('is_bitstr')],
  ['bs_context_to_binary', resolvedOne('bs_context_to_binary')],
  [
    'bs_match_string',
    (view) => {
      const bits = view.u(2);
      const length = Math.ceil(Number(bits) / 8);
      const bytes = length > 0 ? view.strings(view.u(3), length).slice() : new Uint8Array(0);
      return tuple(TEST, atom('bs_match_string'), view.w(0), [view.w(1), bits, bytes]);
    },
  ],
  ['bs_init_writable', bare('bs_init_writable')],
  [
    'bs_append',
    (view) =>
      tuple(atom('bs_append'), view.w(0), view.r(1), view.u(2), view.u(3), view.u(4), view.r(5), view.fieldFlags(6), view.r(7)),
  ],
  [
    'bs_private_append',
    (view) => tuple(atom('bs_private_append'), view.w(0), view.r(1), view.u(2), view.r(3), view.fieldFlags(4), view.r(5)),
  ],
  ['trim', unsigned('trim')],
  ['bs_get_utf8', bsGetUtf('bs_get_utf8')],
  ['bs_get_utf16', bsGetUtf('bs_get_utf16')],
  ['bs_get_utf32', bsGetUtf('bs_get_utf32')],
  ['bs_skip_utf8', bsSkipUtf('bs_skip_utf8')],
  ['bs_skip_utf16', bsSkipUtf('bs_skip_utf16')],
  ['bs_skip_utf32', bsSkipUtf('bs_skip_utf32')],
  ['bs_utf8_size', bsUtfSize('bs_utf8_size')],
  ['bs_utf16_size', bsUtfSize('bs_utf16_size')],
  ['bs_put_utf8', bsPutUtf('bs_put_utf8')],
  ['bs_put_utf16', bsPutUtf('bs_put_utf16')],
  ['bs_put_utf32', bsPutUtf('bs_put_utf32')],
  ['on_load', bare('on_load')],
  ['recv_mark', raw('recv_mark')],
  ['recv_set', raw('recv_set')],
  ['line', resolvedOne('line')],
  ['put_map_assoc', putMap('put_map_assoc')],
  ['put_map_exact', putMap('put_map_exact')],
  ['has_map_fields', (view) => tuple(TEST, atom('has_map_fields'), view.w(0), view.w(1), view.resolvedList(2))],
  ['get_map_elements', (view) => tuple(atom('get_map_elements'), view.w(0), view.w(1), view.resolvedList(2))],
  ['build_stacktrace', bare('build_stacktrace')],
  ['raw_raise', bare('raw_raise')],
  ['get_hd', raw('get_hd')],
  ['get_tl', raw('get_tl')],
  ['put_tuple2', (view) => tuple(atom('put_tuple2'), view.w(0), view.resolvedList(1))],
  ['bs_start_match3', raw('bs_start_match3')],
  ['bs_get_tail', raw('bs_get_tail')],
  ['bs_get_position', raw('bs_get_position')],
  ['bs_set_position', raw('bs_set_position')],
  ['bs_start_match4', raw('bs_start_match4')],
  ['swap', (view) => tuple(atom('swap'), view.r(0), view.r(1))],
  ['init_yregs', (view) => tuple(atom('init_yregs'), view.resolvedList(0))],
  ['recv_marker_bind', raw('recv_marker_bind')],
  ['recv_marker_clear', raw('recv_marker_clear')],
  ['recv_marker_reserve', raw('recv_marker_reserve')],
  ['recv_marker_use', raw('recv_marker_use')],
  [
    'bs_create_bin',
    (view) => {
      const segments = view.list(5);
      const offset = view.instruction.offset;
      return tuple(atom('bs_create_bin'), [
        tuple(
          view.w(0), view.w(1), view.w(2), view.w(3), view.w(4),
          tuple(atom('z'), 1), tuple(atom('u'), segments.length),
          segments.map((segment) => rawOperand(view.context, segment, offset)),
        ),
      ]);
    },
  ],
  ['call_fun2', (view) => tuple(atom('call_fun2'), view.w(0), view.u(1), view.w(2))],
  ['nif_start', bare('nif_start')],
  ['badrecord', resolvedOne('badrecord')],
  [
    'make_fun2',
    (view) => {
      const fun = view.fun(0);
      return tuple(atom('make_fun2'), tuple(atom(view.context.module), atom(fun.name), fun.arity), fun.oldIndex, fun.oldUniq, fun.numFree);
    },
  ],
  [
    'make_fun3',
    (view) => {
      const fun = view.fun(0);
      return tuple(
        atom('make_fun3'),
        tuple(atom(view.context.module), atom(fun.name), fun.arity),
        fun.oldIndex,
        fun.oldUniq,
        view.w(1),
        view.resolvedList(2),
      );
    },
  ],
]);

/** Shows one instruction as beam_disasm would. */
export function showInstruction(view: OperandView): Term {
  const shower = INSTRUCTION_SHOWERS.get(view.instruction.name);
  if (shower !== undefined) return shower(view);
  const { context, instruction } = view;
  if (instruction.operands.length === 0) return atom(instruction.name);
  return tuple(atom(instruction.name), ...instruction.operands.map((operand) => genericOperand(context, operand, instruction.offset)));
}
