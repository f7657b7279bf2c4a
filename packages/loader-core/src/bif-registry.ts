import type { AtomTable } from '@beamload/terms';

/**
 * The runtime's native functions, as loader-core sees them: ERTS implements some
 * functions natively (erlang's BIFs, and others such as lists:reverse/2 or maps:get/2)
 * and routes calls to them even when the module's own code has a stub body. The runtime
 * supplies the registry; loader-core consults it when it prepares code and when it
 * creates export entries.
 */
export interface BifRegistry {
  /** Native BIF number for Module:Function/Arity, or -1 when it is not native. */
  bifNumber(module: string, functionName: string, arity: number): number;
}

/** A registry that knows no BIF (tools that only inspect code). */
export const NO_BIFS: BifRegistry = { bifNumber: () => -1 };

/** The shared atom table: prepare creates the atoms of the modules it reads. */
export type LoaderAtoms = AtomTable;
