export {
  createEpochStrategy,
  epochStrategy,
  epochInlineStrategy,
  finishEpoch,
  type EpochPrepareMode,
  type EpochStrategyOptions,
} from './epoch-strategy.js';
