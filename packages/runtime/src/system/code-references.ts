/**
 * Does a process still reference a code instance? As OTP 20+'s check_process_code, only
 * direct references count: the saved program counter and continuation pointer, return
 * addresses and catch tags on the stack (funs are ignored: calling a fun of purged code
 * raises badfun). A running process is never read (its PCB is stale while it runs): the
 * caller retries once it is off its scheduler. The read is validated like a seqlock: if
 * the process ran or collected meanwhile, the answer is `unknown` and the caller retries.
 */

import { IMMEDIATE2_CATCH, IMMEDIATE2_MASK, PRIMARY_HEADER, PRIMARY_MASK } from '@beamload/terms';
import {
  PCB_GC_COUNT,
  PCB_HEAP_END,
  PCB_HEAP_START,
  PCB_INTERPRETER_0,
  PCB_PC,
  PCB_STACK_TOP,
  PCB_STATE,
  STATE_MASK,
  STATE_RUNNING,
  type Process,
} from '../process/process.js';

export type CodeReference = 'yes' | 'no' | 'unknown';

/** PCB word where the interpreter keeps the continuation pointer between slices (interpreter.ts PCB_CONTINUATION). */
const PCB_CONTINUATION = PCB_INTERPRETER_0;

export function referencesCode(process: Process, words: Int32Array, contains: (address: number) => boolean): CodeReference {
  const memory = process.memory;
  const stateBefore = Atomics.load(memory, process.base + PCB_STATE) & STATE_MASK;
  if (stateBefore === STATE_RUNNING) return 'unknown';
  const gcBefore = process.get(PCB_GC_COUNT);
  const heapStart = process.get(PCB_HEAP_START);
  let found = contains(process.get(PCB_PC)) || contains(process.get(PCB_CONTINUATION) >>> 2);
  const stackTop = process.get(PCB_STACK_TOP);
  const heapEnd = process.get(PCB_HEAP_END);
  for (let i = stackTop; !found && i < heapEnd; i++) {
    const word = words[i];
    if ((word & PRIMARY_MASK) === PRIMARY_HEADER) found = contains(word >>> 2);
    else if ((word & IMMEDIATE2_MASK) === IMMEDIATE2_CATCH) found = contains(word >>> 6);
  }
  const stateAfter = Atomics.load(memory, process.base + PCB_STATE) & STATE_MASK;
  if (stateAfter === STATE_RUNNING || process.get(PCB_GC_COUNT) !== gcBefore || process.get(PCB_HEAP_START) !== heapStart) return 'unknown';
  return found ? 'yes' : 'no';
}
