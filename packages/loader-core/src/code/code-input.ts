/**
 * What the transform reads: the generic instructions and tables beam-format decodes from
 * a `.beam` file. The operand shape is the one of `@beamload/beam-format`'s compact
 * decoder (`Operand`), restated here structurally so this file does not depend on how
 * that package names its exports.
 */
export type GenericOperand =
  | { readonly kind: 'u' | 'i'; readonly value: number | bigint }
  | { readonly kind: 'a' | 'x' | 'y' | 'f' | 'h' | 'fr' | 'literal'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'list'; readonly value: readonly GenericOperand[] }
  | { readonly kind: 'alloc'; readonly value: ReadonlyArray<{ readonly kind: string; readonly count: number }> }
  | { readonly kind: 'tr'; readonly value: { readonly kind: 'x' | 'y'; readonly value: number }; readonly typeIndex: number };

export interface GenericInstruction {
  readonly opcode: number;
  /** Generic name (`move`, `call_ext`...). */
  readonly name: string;
  readonly operands: readonly GenericOperand[];
  /** Byte offset of the instruction in the file, for error reports. */
  readonly offset: number;
}

export interface ImportEntry {
  /** Atom indexes into `CodeInput.atoms`. */
  readonly module: number;
  readonly function: number;
  readonly arity: number;
}

export interface ExportEntry {
  readonly function: number;
  readonly arity: number;
  readonly label: number;
}

export interface LambdaEntry {
  readonly function: number;
  readonly arity: number;
  readonly label: number;
  readonly index: number;
  readonly numFree: number;
  readonly oldUniq: number;
}

export interface LineItem {
  /** Index into `LineTable.files` (0 = the module's own source file). */
  readonly file: number;
  readonly line: number;
}

export interface LineTable {
  /** Item 0 is "no location". */
  readonly items: readonly LineItem[];
  /** File names; file 0 is `<module>.erl`. */
  readonly files: readonly string[];
}

export interface CodeInput {
  /** Atom names by file atom index; index 0 is unused, index 1 is the module. */
  readonly atoms: readonly string[];
  readonly labelCount: number;
  readonly functionCount: number;
  readonly instructions: readonly GenericInstruction[];
  readonly imports: readonly ImportEntry[];
  readonly exports: readonly ExportEntry[];
  readonly lambdas: readonly LambdaEntry[];
  readonly strings: Uint8Array;
  readonly lines?: LineTable;
  /** Byte offset of the Code chunk, for errors about the module as a whole. */
  readonly codeChunkOffset?: number;
}

/** What the loader supplies to resolve operands. */
export interface CodeEnv {
  /** Atom term word for a name (creates the atom in the shared atom table). */
  atom(name: string): number;
  /** Term word of LitT entry `index` (a pointer into the module's literal area). */
  literal(index: number): number;
  /**
   * The atoms of a literal that is a list of atoms (bs_create_bin flags), or undefined
   * when the literal is something else.
   */
  literalAtomList(index: number): readonly string[] | undefined;
  /** Term word for an integer that does not fit a small (a bignum in the literal area). */
  integerLiteral(value: bigint): number;
  /** Export entry reference for {M,F,A} (created on demand, never freed). */
  exportEntry(module: string, functionName: string, arity: number): number;
  /** Native BIF number for {M,F,A}, or -1 when it is not a BIF. */
  bifNumber(module: string, functionName: string, arity: number): number;
}
