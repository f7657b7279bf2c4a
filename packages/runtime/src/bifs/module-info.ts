import { CodeArea } from '@beamload/loader-core';
import { NIL, isAtom, makeSmall, bitstringHeapWords, makeBinary } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { buildWithWriter, makeList_, makeTuple } from '../interpreter/heap.js';
import { HeapNeeded } from '../interpreter/erlang-exception.js';

/**
 * erlang:get_module_info/1,2, which every module's generated module_info/0,1 calls:
 * module, exports, functions, attributes, compile, md5 and nifs, read from the module's
 * current code area and instance.
 */
const KEYS = ['module', 'exports', 'attributes', 'compile', 'md5'] as const;

function info(call: BifCall, moduleAtom: number, key: string, args: number[]): number {
  const module = call.system.currentModule(call.system.atomName(moduleAtom));
  if (module === undefined) throw badarg(args);
  const area = new CodeArea(call.context.words, module.codeArea);
  const pairs = (list: Array<[number, number]>): number => {
    if (call.context.stackTop - call.context.heapTop < list.length * 5) throw new HeapNeeded(list.length * 5);
    return makeList_(call.context, list.map(([name, arity]) => makeTuple(call.context, [name, makeSmall(arity)])));
  };
  switch (key) {
    case 'module':
      return moduleAtom;
    case 'exports':
      return pairs(area.exports().map(([name, arity]) => [name, arity]));
    case 'functions':
      return pairs(area.functions());
    case 'attributes':
      return module.attributes === 0 ? NIL : module.attributes;
    case 'compile':
      return module.compileInfo === 0 ? NIL : module.compileInfo;
    case 'md5':
      return buildWithWriter(call.context, bitstringHeapWords(128), (writer) => makeBinary(writer, module.md5));
    case 'nifs':
      return NIL;
    default:
      throw badarg(args);
  }
}

function getModuleInfo2(call: BifCall, args: number[]): number {
  if (!isAtom(args[0]) || !isAtom(args[1])) throw badarg(args);
  return info(call, args[0], call.system.atomName(args[1]), args);
}

function getModuleInfo1(call: BifCall, args: number[]): number {
  if (!isAtom(args[0])) throw badarg(args);
  const values = KEYS.map((key) => info(call, args[0], key, args));
  if (call.context.stackTop - call.context.heapTop < KEYS.length * 5) throw new HeapNeeded(KEYS.length * 5);
  return makeList_(call.context, KEYS.map((key, i) => makeTuple(call.context, [call.system.atom(key), values[i]])));
}

export const MODULE_INFO_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'get_module_info', arity: 1, run: getModuleInfo1 },
  { module: 'erlang', name: 'get_module_info', arity: 2, run: getModuleInfo2 },
];
