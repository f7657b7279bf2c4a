/**
 * Loading strategies by name, so that every scheduler thread can build the same one
 * (a strategy object cannot cross threads): 'block', 'split', 'epoch' (sliced prepare,
 * the default) and 'epoch-inline' (prepare on the caller's scheduler, as OTP 25 does).
 * Any other strategy comes as `{ module, exportName }`: a module every thread imports.
 */

import type { LoadStrategy } from '@beamload/loader-core';
import { blockStrategy } from '@beamload/strategy-block';
import { splitStrategy } from '@beamload/strategy-split';
import { epochInlineStrategy, epochStrategy } from '@beamload/strategy-epoch';

export type LoadStrategyName = 'block' | 'split' | 'epoch' | 'epoch-inline';
export type LoadStrategyChoice = LoadStrategyName | { module: string; exportName: string };

export const DEFAULT_LOAD_STRATEGY: LoadStrategyName = 'epoch';

const BY_NAME: Record<LoadStrategyName, LoadStrategy> = {
  block: blockStrategy,
  split: splitStrategy,
  epoch: epochStrategy,
  'epoch-inline': epochInlineStrategy,
};

export function isLoadStrategyName(name: string): name is LoadStrategyName {
  return Object.hasOwn(BY_NAME, name);
}

export async function resolveLoadStrategy(choice: LoadStrategyChoice): Promise<LoadStrategy> {
  if (typeof choice === 'string') {
    if (!isLoadStrategyName(choice)) throw new Error(`unknown load strategy '${choice}' (block, split, epoch, epoch-inline)`);
    return BY_NAME[choice];
  }
  const module = (await import(choice.module)) as Record<string, unknown>;
  const strategy = module[choice.exportName] as LoadStrategy | undefined;
  if (strategy === undefined || typeof strategy.loadModules !== 'function') {
    throw new Error(`${choice.module} has no LoadStrategy export '${choice.exportName}'`);
  }
  return strategy;
}

/** The name a strategy choice reports (what `runtime.loadStrategy.name` says). */
export function strategyChoiceName(choice: LoadStrategyChoice, strategy: LoadStrategy): string {
  return typeof choice === 'string' ? choice : strategy.name;
}
