import type { ProcessContext } from '../process/process-context.js';
import type { InterpreterSystem } from '../interpreter/system.js';

/**
 * A native function. `args` are term words (read them before allocating: an allocation
 * may throw HeapNeeded, after which the interpreter collects garbage and calls the BIF
 * again with the moved arguments). Errors are thrown as ErlangException.
 */
export type BifFunction = (call: BifCall, args: number[]) => number;

/** What a BIF sees: the running process and the VM. */
export interface BifCall {
  readonly context: ProcessContext;
  readonly system: InterpreterSystem;
}

export interface BifDefinition {
  readonly module: string;
  readonly name: string;
  readonly arity: number;
  readonly run: BifFunction;
}

/** The registry as the interpreter uses it (see registry.ts). */
export interface BifTable {
  bifNumber(module: string, functionName: string, arity: number): number;
  definition(bif: number): BifDefinition;
  readonly count: number;
}
