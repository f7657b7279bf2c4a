import type { TermStore } from '@beamload/terms';
import type { BifTable } from '../bifs/bif.js';

/** What the interpreter needs from the rest of the VM, shared by every scheduler thread. */
export interface InterpreterSystem {
  readonly store: TermStore;
  /** Atom word for a name (interning it). */
  atom(name: string): number;
  /** Name of an atom word. */
  atomName(word: number): string;
  /** The active code index (read once per external call, lock-free). */
  activeCodeIndex(): number;
  /** Word index of the export entry for M:F/A, created when absent (apply, export funs). */
  exportEntry(module: string, functionName: string, arity: number): number;
  /** Base word of the code area containing a code address, or 0. */
  codeAreaContaining(address: number): number;
  /** MD5 of the module version (current, old or awaiting on_load) whose code contains `address` (fun_info new_uniq). */
  md5OfCodeContaining(address: number): Uint8Array | undefined;
  /** Code index commits so far (a load, delete or purge changes it): lets a scheduler keep what it checked until then. */
  codeCommits(): number;
  /**
   * The fun entry a closure with this module atom, index and old uniq calls now, given the
   * entry it was made from (0: none, e.g. decoded from ETF); 0 when the module is loaded
   * without that fun, -1 when the module is not loaded (loader-core Loader.liveFunEntry).
   */
  liveFunEntry(moduleAtom: number, index: number, oldUniq: number, cached: number): number;
  readonly bifs: BifTable;
  /** The current code of a module, for module_info: code area, attributes and compile info (term words), MD5. */
  currentModule(module: string): { codeArea: number; attributes: number; compileInfo: number; md5: Uint8Array } | undefined;
  /** Writes program output (io:format, io:put_chars): stdout in the real runtime. */
  writeOutput(text: string): void;
}
