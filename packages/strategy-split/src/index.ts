export { splitStrategy, loadSplit } from './split-strategy.js';
