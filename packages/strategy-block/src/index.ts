export { blockStrategy, loadBlocking } from './block-strategy.js';
