import {
  EXTERNAL_NODE_FIELD,
  HEADER_REF,
  TermClass,
  headerTag,
  isLocalPid,
  isLocalPort,
  pointerIndex,
  termClass,
} from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';

/**
 * node/1: the node a pid, port or reference belongs to; badarg for any other term. A
 * term of this node is local (immediate pids and ports, REF refs); an external one
 * carries its node's atom, which may be this node's own name when it comes from another
 * incarnation (binary_to_term of a creation that is not this node's).
 */
function nodeOf(call: BifCall, args: number[]): number {
  const term = args[0]!;
  const words = call.context.words;
  const kind = termClass(words, term);
  if (kind !== TermClass.pid && kind !== TermClass.port && kind !== TermClass.ref) throw badarg(args);
  if (isLocalPid(term) || isLocalPort(term)) return call.system.atom(call.system.store.nodeName);
  const at = pointerIndex(term);
  if (headerTag(words[at]!) === HEADER_REF) return call.system.atom(call.system.store.nodeName);
  return words[at + EXTERNAL_NODE_FIELD]!;
}

/**
 * Whether `pid` is an external pid of this node's name: a process of another incarnation
 * of this node, which erl knows cannot be alive here (is_process_alive/1 is false,
 * process_info/2 undefined) where a pid of another node is badarg.
 */
export function isOtherIncarnationPid(call: BifCall, pid: number): boolean {
  const words = call.context.words;
  if (isLocalPid(pid) || termClass(words, pid) !== TermClass.pid) return false;
  return call.system.atomName(words[pointerIndex(pid) + EXTERNAL_NODE_FIELD]!) === call.system.store.nodeName;
}

export const NODE_OF_BIFS: readonly BifDefinition[] = [{ module: 'erlang', name: 'node', arity: 1, run: nodeOf }];
