/**
 * The internal instruction set of the loaded-code format (docs/loaded-code-format.md).
 *
 * Operand letters (one word each, `n` is a count word followed by that many words):
 *   s source (register word or term word)   d destination register word
 *   l label (absolute code word index, 0 = none)   u unsigned integer
 *   (a BIF operand b < 0 is an unimplemented BIF: -1 - export entry, raising undef)
 *   c constant term word   e export entry reference   b BIF number
 *   f fun table entry address   t string byte address   n list
 *   x raw x register index   y raw y register index
 *
 * The order of this table IS the numbering: an internal opcode is its row index.
 */
export const INSTRUCTION_TABLE = [
  ['func_info', 'ccu'],
  ['int_code_end', ''],
  ['call', 'ul'],
  ['call_last', 'ulu'],
  ['call_only', 'ul'],
  ['call_ext', 'ue'],
  ['call_ext_last', 'ueu'],
  ['call_ext_only', 'ue'],
  ['call_bif', 'ub'],
  ['call_bif_last', 'ubu'],
  ['call_bif_only', 'ub'],
  ['bif0', 'bd'],
  ['bif1', 'lbsd'],
  ['bif2', 'lbssd'],
  ['bif3', 'lbsssd'],
  ['gc_bif1', 'lubsd'],
  ['gc_bif2', 'lubssd'],
  ['gc_bif3', 'lubsssd'],
  ['allocate', 'uu'],
  ['allocate_heap', 'uuu'],
  ['test_heap', 'uu'],
  ['deallocate', 'u'],
  ['return', ''],
  ['send', ''],
  ['remove_message', ''],
  ['timeout', ''],
  ['loop_rec', 'ld'],
  ['loop_rec_end', 'l'],
  ['wait', 'l'],
  ['wait_timeout', 'ls'],
  ['is_lt', 'lss'],
  ['is_ge', 'lss'],
  ['is_eq', 'lss'],
  ['is_ne', 'lss'],
  ['is_eq_exact', 'lss'],
  ['is_ne_exact', 'lss'],
  ['is_eq_exact_immediate', 'lsc'],
  ['is_ne_exact_immediate', 'lsc'],
  ['is_integer', 'ls'],
  ['is_float', 'ls'],
  ['is_number', 'ls'],
  ['is_atom', 'ls'],
  ['is_pid', 'ls'],
  ['is_reference', 'ls'],
  ['is_port', 'ls'],
  ['is_nil', 'ls'],
  ['is_binary', 'ls'],
  ['is_list', 'ls'],
  ['is_nonempty_list', 'ls'],
  ['is_tuple', 'ls'],
  ['is_function', 'ls'],
  ['is_function2', 'lss'],
  ['is_boolean', 'ls'],
  ['is_bitstr', 'ls'],
  ['is_map', 'ls'],
  ['test_arity', 'lsu'],
  ['is_tagged_tuple', 'lsuc'],
  ['select_val', 'sln'],
  ['select_tuple_arity', 'sln'],
  ['jump', 'l'],
  ['catch', 'dl'],
  ['catch_end', 'd'],
  ['move', 'sd'],
  ['move_xx', 'xx'],
  ['move_cx', 'cx'],
  ['move_xy', 'xy'],
  ['move_yx', 'yx'],
  ['get_list', 'sdd'],
  ['get_hd', 'sd'],
  ['get_tl', 'sd'],
  ['get_tuple_element', 'sud'],
  ['set_tuple_element', 'ssu'],
  ['put_list', 'ssd'],
  ['put_tuple2', 'dn'],
  ['badmatch', 's'],
  ['if_end', ''],
  ['case_end', 's'],
  ['try_case_end', 's'],
  ['badrecord', 's'],
  ['call_fun', 'u'],
  ['call_fun2', 'us'],
  ['make_fun3', 'fdn'],
  ['apply', 'u'],
  ['apply_last', 'uu'],
  ['try', 'dl'],
  ['try_end', 'd'],
  ['try_case', 'd'],
  ['raise', 'ss'],
  ['build_stacktrace', ''],
  ['raw_raise', ''],
  ['fload', 'sd'],
  ['fstore', 'sd'],
  ['fmove', 'dd'],
  ['fconv', 'sd'],
  ['fadd', 'lddd'],
  ['fsub', 'lddd'],
  ['fmul', 'lddd'],
  ['fdiv', 'lddd'],
  ['fnegate', 'ldd'],
  ['swap', 'dd'],
  ['init_yregs', 'n'],
  ['trim', 'uu'],
  ['put_map_assoc', 'lsdun'],
  ['put_map_exact', 'lsdun'],
  ['has_map_fields', 'lsn'],
  ['get_map_elements', 'lsn'],
  // Binary construction, OTP 25: segments of 6 words each (see bs_create_bin in transform.ts).
  ['bs_create_bin', 'luuudn'],
  // Binary construction, OTP 22-24.
  ['bs_init2', 'lsuuud'],
  ['bs_init_bits', 'lsuuud'],
  ['bs_add', 'lssud'],
  ['bs_put_integer', 'lsuus'],
  ['bs_put_binary', 'lsuus'],
  ['bs_put_float', 'lsuus'],
  ['bs_put_string', 'ut'],
  ['bs_put_utf8', 'lus'],
  ['bs_put_utf16', 'lus'],
  ['bs_put_utf32', 'lus'],
  ['bs_utf8_size', 'lsd'],
  ['bs_utf16_size', 'lsd'],
  ['bs_append', 'lsuuusud'],
  ['bs_private_append', 'lsusud'],
  ['bs_init_writable', ''],
  // Binary matching.
  ['bs_start_match', 'lusud'],
  ['bs_get_integer2', 'lsusuud'],
  ['bs_get_float2', 'lsusuud'],
  ['bs_get_binary2', 'lsusuud'],
  ['bs_skip_bits2', 'lssuu'],
  ['bs_test_tail2', 'lsu'],
  ['bs_test_unit', 'lsu'],
  ['bs_match_string', 'lsut'],
  ['bs_get_utf8', 'lsuud'],
  ['bs_get_utf16', 'lsuud'],
  ['bs_get_utf32', 'lsuud'],
  ['bs_skip_utf8', 'lsuu'],
  ['bs_skip_utf16', 'lsuu'],
  ['bs_skip_utf32', 'lsuu'],
  ['bs_get_tail', 'sdu'],
  ['bs_get_position', 'sdu'],
  ['bs_set_position', 'ss'],
  ['bs_save', 'su'],
  ['bs_restore', 'su'],
  ['bs_context_to_binary', 's'],
  // Receive markers: they only speed up selective receive (a receive that matches a fresh
  // ref starts after the messages that were queued before the ref existed).
  ['recv_marker_reserve', 'd'],
  ['recv_marker_bind', 'ss'],
  ['recv_marker_use', 's'],
  ['recv_marker_clear', 's'],
  // OTP 21-23's recv_mark/recv_set: their label operand is dropped (ERTS 24+ ignores it too).
  ['recv_mark', ''],
  ['recv_set', ''],
  // Superinstructions and specializations the transform makes (docs/loaded-code-format.md,
  // "Fused instructions"): fewer dispatches on the paths every loop runs.
  ['deallocate_return', 'u'],
  ['move2', 'sdsd'],
  ['test_heap_put_list', 'uussd'],
  ['is_nonempty_list_allocate', 'lsuu'],
  ['gc_bif_plus', 'lubssd'],
  ['gc_bif_minus', 'lubssd'],
  ['select_val_table', 'slcn'],
  ['move2_call', 'sdsdul'],
  ['gc_bif_plus_allocate', 'lubssduu'],
  ['gc_bif_minus_allocate', 'lubssduu'],
  ['gc_bif_plus_deallocate_return', 'lubssdu'],
  ['gc_bif_minus_deallocate_return', 'lubssdu'],
  ['test_heap_put_list_deallocate_return', 'uussdu'],
  // OTP 26. update_record Mode Size Src Dst [Index Value ...]: Mode is an UpdateRecordMode,
  // Index is 1-based; the heap was reserved by a test_heap before it, as in ERTS.
  ['update_record', 'uusdn'],
  // OTP 26. bs_match Fail Ctx [Command ...]: BsMatchCommand codes and their operand words.
  ['bs_match', 'lsn'],
] as const;

export type InstructionName = (typeof INSTRUCTION_TABLE)[number][0];

export interface InstructionInfo {
  readonly opcode: number;
  readonly name: InstructionName;
  readonly operands: string;
}

export const INSTRUCTIONS: readonly InstructionInfo[] = INSTRUCTION_TABLE.map(([name, operands], opcode) => ({
  opcode,
  name,
  operands,
}));

/** Internal opcode by name: `Op.move`. */
export const Op: Readonly<Record<InstructionName, number>> = Object.freeze(
  Object.fromEntries(INSTRUCTION_TABLE.map(([name], opcode) => [name, opcode])) as Record<InstructionName, number>,
);

/** Words an instruction occupies at `pc`, list operands included. */
export function instructionWords(code: Int32Array, pc: number): number {
  const info = INSTRUCTIONS[code[pc]];
  let words = 1;
  for (const letter of info.operands) {
    words += letter === 'n' ? 1 + code[pc + words] : 1;
  }
  return words;
}
