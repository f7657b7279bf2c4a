/**
 * The process BIFs, in a fixed order (BIF numbers must agree across threads): append
 * new groups at the end. The registry appends them after the data BIFs:
 * `createBifRegistry(PROCESS_BIF_GROUPS)`.
 */

import type { BifDefinition } from '../bif.js';
import { DICTIONARY_BIFS } from './dictionary-bifs.js';
import { INFO_BIFS } from './info-bifs.js';
import { LINK_MONITOR_BIFS } from './links-monitors-bifs.js';
import { MESSAGING_BIFS } from './messaging-bifs.js';
import { NAME_BIFS } from './names-bifs.js';
import { SPAWN_BIFS } from './spawn-bifs.js';
import { TIMER_BIFS } from './timer-bifs.js';
import { CODE_LOADING_BIFS } from './code-loading-bifs.js';
import { ALIAS_BIFS } from './alias-bifs.js';
import { PERSISTENT_TERM_BIFS } from './persistent-term-bifs.js';

export const PROCESS_BIF_GROUPS: ReadonlyArray<readonly BifDefinition[]> = [
  MESSAGING_BIFS,
  SPAWN_BIFS,
  LINK_MONITOR_BIFS,
  NAME_BIFS,
  DICTIONARY_BIFS,
  TIMER_BIFS,
  INFO_BIFS,
  CODE_LOADING_BIFS,
  ALIAS_BIFS,
  PERSISTENT_TERM_BIFS,
];
