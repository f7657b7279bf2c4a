import {
  HEADER_TUPLE,
  NIL,
  decodeMeasuredEtf,
  integerWords,
  isAtom,
  isList,
  makeBoxed,
  makeHeader,
  makeInteger,
  measureEtf,
  pointerIndex,
  type MeasuredEtf,
} from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { bytesOf } from './binaries.js';
import { buildWithWriter } from '../interpreter/heap.js';

/**
 * binary_to_term/1,2. Everything erl refuses is badarg; the sizing pass (measureEtf)
 * finds all of it before anything is allocated. Options of /2, as erl 25: `safe` refuses
 * atoms that do not exist yet, `used` returns {Term, BytesUsed} (the bytes the term took;
 * anything after it is ignored either way); any other option, or an improper list, is
 * badarg.
 */
interface DecodeOptions {
  safe: boolean;
  used: boolean;
}

function decodeOptions(call: BifCall, list: number, args: number[]): DecodeOptions {
  const options: DecodeOptions = { safe: false, used: false };
  const words = call.context.words;
  let cursor = list;
  while (isList(cursor)) {
    const cell = pointerIndex(cursor);
    const option = words[cell]!;
    const name = isAtom(option) ? call.system.atomName(option) : '';
    if (name === 'safe') options.safe = true;
    else if (name === 'used') options.used = true;
    else throw badarg(args);
    cursor = words[cell + 1]!;
  }
  if (cursor !== NIL) throw badarg(args);
  return options;
}

function binaryToTerm(call: BifCall, args: number[]): number {
  const bytes = bytesOf(call, args[0]!, args);
  const options = args.length > 1 ? decodeOptions(call, args[1]!, args) : { safe: false, used: false };
  const store = call.system.store;
  let measured: MeasuredEtf;
  try {
    measured = measureEtf(store, bytes, { safe: options.safe });
  } catch {
    throw badarg(args);
  }
  if (!options.used) return buildWithWriter(call.context, measured.heapWords, (writer) => decodeMeasuredEtf(store, measured, writer));
  // The term and its {Term, Used} wrapper in one reservation, so nothing is decoded twice.
  const usedWords = integerWords(measured.end);
  return buildWithWriter(call.context, measured.heapWords + usedWords + 3, (writer) => {
    const term = decodeMeasuredEtf(store, measured, writer);
    const used = makeInteger(writer, measured.end);
    const at = writer.alloc(3);
    const i32 = writer.arena.fixedI32;
    i32[at] = makeHeader(HEADER_TUPLE, 2);
    i32[at + 1] = term;
    i32[at + 2] = used;
    return makeBoxed(at);
  });
}

export const BINARY_TO_TERM_BIFS: readonly BifDefinition[] = [
  { module: 'erlang', name: 'binary_to_term', arity: 1, run: binaryToTerm },
  { module: 'erlang', name: 'binary_to_term', arity: 2, run: binaryToTerm },
];
