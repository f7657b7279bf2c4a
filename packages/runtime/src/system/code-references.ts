/**
 * Does a process still reference a code instance? As OTP 20+'s check_process_code, only
 * direct references count: the saved program counter and continuation pointer, return
 * addresses and catch tags on the stack (funs are ignored: calling a fun of purged code
 * raises badfun). A running process is never read (its PCB is stale while it runs): the
 * caller retries once it is off its scheduler. The read is validated like a seqlock: if
 * the process ran or collected meanwhile, the answer is `unknown` and the caller retries.
 */

import { IMMEDIATE2_CATCH, IMMEDIATE2_MASK, PRIMARY_HEADER, PRIMARY_MASK } from '@beamload/terms';
import type { RuntimeMemoryView } from './runtime-memory-view.js';
import {
  CODE_CHECK_NO,
  CODE_CHECK_PENDING,
  CODE_CHECK_YES,
  PCB_CODE_CHECK_ANSWER,
  PCB_CODE_CHECK_REQUEST,
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

/**
 * The answer for `process`, reading it directly when it is off its scheduler, else asking
 * it to answer itself at its next slice (see PCB_CODE_CHECK_REQUEST). `unknown` until then.
 */
export function checkOrAskCode(view: RuntimeMemoryView, process: Process, instance: number, contains: (address: number) => boolean): CodeReference {
  const memory = process.memory;
  if (Atomics.load(memory, process.base + PCB_CODE_CHECK_REQUEST) === instance) {
    const answer = Atomics.load(memory, process.base + PCB_CODE_CHECK_ANSWER);
    if (answer === CODE_CHECK_PENDING) return 'unknown';
    Atomics.store(memory, process.base + PCB_CODE_CHECK_REQUEST, 0);
    return answer === CODE_CHECK_YES ? 'yes' : 'no';
  }
  const direct = referencesCode(process, view.arena.i32, contains);
  if (direct !== 'unknown') return direct;
  Atomics.store(memory, process.base + PCB_CODE_CHECK_ANSWER, CODE_CHECK_PENDING);
  Atomics.store(memory, process.base + PCB_CODE_CHECK_REQUEST, instance);
  return 'unknown';
}

/** At slice start, on the process's own scheduler (its PCB is current): answer a pending request. */
export function answerCodeCheck(process: Process, words: Int32Array, contains: (instance: number, address: number) => boolean): void {
  const memory = process.memory;
  const instance = Atomics.load(memory, process.base + PCB_CODE_CHECK_REQUEST);
  if (instance === 0 || Atomics.load(memory, process.base + PCB_CODE_CHECK_ANSWER) !== CODE_CHECK_PENDING) return;
  let found = contains(instance, process.get(PCB_PC)) || contains(instance, process.get(PCB_CONTINUATION));
  for (let i = process.get(PCB_STACK_TOP); !found && i < process.get(PCB_HEAP_END); i++) {
    const word = words[i];
    if ((word & PRIMARY_MASK) === PRIMARY_HEADER) found = contains(instance, word >>> 2);
    else if ((word & IMMEDIATE2_MASK) === IMMEDIATE2_CATCH) found = contains(instance, word >>> 6);
  }
  Atomics.store(memory, process.base + PCB_CODE_CHECK_ANSWER, found ? CODE_CHECK_YES : CODE_CHECK_NO);
}

export function referencesCode(process: Process, words: Int32Array, contains: (address: number) => boolean): CodeReference {
  const memory = process.memory;
  const stateBefore = Atomics.load(memory, process.base + PCB_STATE) & STATE_MASK;
  if (stateBefore === STATE_RUNNING) return 'unknown';
  const gcBefore = process.get(PCB_GC_COUNT);
  const heapStart = process.get(PCB_HEAP_START);
  // Both registers hold plain code word indexes (only stack copies of the CP are shifted).
  let found = contains(process.get(PCB_PC)) || contains(process.get(PCB_CONTINUATION));
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
