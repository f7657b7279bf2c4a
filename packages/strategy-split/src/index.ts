export { splitStrategy, loadSplit, prepareSplit, finishSplit } from './split-strategy.js';
