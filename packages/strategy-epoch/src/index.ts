export {
  createEpochStrategy,
  epochStrategy,
  epochInlineStrategy,
  type EpochPrepareMode,
  type EpochStrategyOptions,
} from './epoch-strategy.js';
