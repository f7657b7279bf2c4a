import { createBifRegistry, type BifRegistry } from '../registry.js';
import { PROCESS_BIF_GROUPS } from './index.js';

/** The runtime's registry: the data BIFs, then the process BIFs (the same numbering in every thread). */
export function createRuntimeBifRegistry(): BifRegistry {
  return createBifRegistry(PROCESS_BIF_GROUPS);
}
