import { LoadError } from '../errors.js';
import { MAX_CODE_ADDRESS } from './code-area-layout.js';
import type { TransformedCode } from './transform.js';

/**
 * Copies transformed code into its arena block at word index `baseWord`, turning the
 * area-relative addresses into absolute ones. The caller allocated
 * `code.words.length` words at `baseWord`.
 */
export function writeCodeArea(code: TransformedCode, memory: Int32Array, baseWord: number): void {
  if (baseWord <= 0 || baseWord + code.words.length - 1 > MAX_CODE_ADDRESS) {
    throw new LoadError('system_limit', `code area at word ${baseWord} is beyond the ${MAX_CODE_ADDRESS} words catch tags can address`);
  }
  memory.set(code.words, baseWord);
  for (const position of code.codeRelocations) memory[baseWord + position] += baseWord;
  const baseByte = baseWord * 4;
  for (const position of code.byteRelocations) memory[baseWord + position] += baseByte;
}
