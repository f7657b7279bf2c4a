import type { BifDefinition, BifTable } from './bif.js';
import { ARITHMETIC_BIFS } from './arithmetic.js';
import { ERLANG_DATA_BIFS } from './erlang-data.js';
import { IO_BIFS } from './io-format.js';
import { LISTS_BIFS } from './lists.js';
import { MAPS_BIFS } from './maps.js';
import { BINARY_BIFS } from './binaries.js';
import { MATH_BIFS } from './math.js';
import { TIME_BIFS } from './time.js';
import { MODULE_INFO_BIFS } from './module-info.js';
import { FUN_INFO_BIFS } from './fun-info.js';
import { ATOM_CONVERSION_BIFS } from './atom-conversion.js';
import { NODE_OF_BIFS } from './node-of.js';
import { BINARY_TO_TERM_BIFS } from './binary-to-term.js';
import { BINARY_SEARCH_BIFS } from './binary-search.js';
import { BINARY_BYTES_BIFS } from './binary-bytes.js';
import { CHECKSUM_BIFS } from './checksums.js';
import { FLOAT_FORMAT_BIFS } from './float-format.js';
import { STRING_NUMBER_BIFS } from './string-numbers.js';
import { MAP_ITERATOR_BIFS } from './map-iterator.js';
import { UNICODE_CHARACTER_BIFS } from './unicode-characters.js';
import { BITSTRING_LIST_BIFS } from './bitstring-lists.js';
import { CALENDAR_TIME_BIFS } from './calendar-time.js';
import { UNIQUE_INTEGER_BIFS } from './unique-integer.js';
import { OS_ENV_BIFS } from './os-env.js';
import { INIT_ARGUMENT_BIFS } from './init-arguments.js';
import { IDENTITY_TEXT_BIFS } from './identity-text.js';

/**
 * The BIF registry: {M,F,A} -> native number + implementation. The numbering is the
 * order of the groups below and of the definitions inside them, a fixed order every
 * thread computes alike, so BIF numbers embedded in loaded code mean the same everywhere.
 * loader-core consults `bifNumber` for BIF routing.
 */
export class BifRegistry implements BifTable {
  private readonly definitions: BifDefinition[] = [];
  private readonly numbers = new Map<string, number>();

  constructor(groups: ReadonlyArray<readonly BifDefinition[]>) {
    for (const group of groups) {
      for (const definition of group) {
        const key = `${definition.module}:${definition.name}/${definition.arity}`;
        if (this.numbers.has(key)) throw new Error(`BIF ${key} registered twice`);
        this.numbers.set(key, this.definitions.length);
        this.definitions.push(definition);
      }
    }
  }

  get count(): number {
    return this.definitions.length;
  }

  bifNumber(module: string, functionName: string, arity: number): number {
    return this.numbers.get(`${module}:${functionName}/${arity}`) ?? -1;
  }

  definition(bif: number): BifDefinition {
    const definition = this.definitions[bif];
    if (definition === undefined) throw new Error(`no BIF number ${bif}`);
    return definition;
  }
}

/** The data BIF groups, in registry order (process BIFs are appended by the runtime). */
export const DATA_BIF_GROUPS: ReadonlyArray<readonly BifDefinition[]> = [ARITHMETIC_BIFS, ERLANG_DATA_BIFS, LISTS_BIFS, IO_BIFS, MAPS_BIFS, BINARY_BIFS, MATH_BIFS, TIME_BIFS, MODULE_INFO_BIFS, FUN_INFO_BIFS, ATOM_CONVERSION_BIFS, NODE_OF_BIFS, BINARY_TO_TERM_BIFS, BINARY_SEARCH_BIFS, BINARY_BYTES_BIFS, CHECKSUM_BIFS, FLOAT_FORMAT_BIFS, STRING_NUMBER_BIFS, MAP_ITERATOR_BIFS, UNICODE_CHARACTER_BIFS, BITSTRING_LIST_BIFS, CALENDAR_TIME_BIFS, UNIQUE_INTEGER_BIFS, OS_ENV_BIFS, INIT_ARGUMENT_BIFS, IDENTITY_TEXT_BIFS];

/** A registry of the data BIFs followed by `extraGroups` (the process BIFs). */
export function createBifRegistry(extraGroups: ReadonlyArray<readonly BifDefinition[]> = []): BifRegistry {
  return new BifRegistry([...DATA_BIF_GROUPS, ...extraGroups]);
}
