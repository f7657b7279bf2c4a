import type { InstructionReader } from '@beamload/beam-format';

/**
 * What the transform reads: the tables beam-format decodes from a `.beam` file, and the
 * Code chunk's instruction stream, which the transform decodes as it goes (beam-format's
 * `InstructionReader`: one instruction at a time into flat operand slots, no object per
 * operand).
 */
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
  /** The instruction stream, positioned at the first instruction; the transform consumes it. */
  readonly code: InstructionReader;
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
