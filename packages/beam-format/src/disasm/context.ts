import type { FunEntry } from '../chunks/funs.js';
import type { Import } from '../chunks/imports.js';
import type { LiteralTable } from '../chunks/literals.js';

/** The tables an instruction's operands point into. */
export interface DisasmContext {
  readonly module: string;
  /** Atom 1 is `atoms[0]`. */
  readonly atoms: readonly string[];
  readonly imports: readonly Import[];
  /** The StrT chunk. */
  readonly strings: Uint8Array;
  readonly funs: readonly FunEntry[] | null;
  readonly literals: LiteralTable | null;
}
