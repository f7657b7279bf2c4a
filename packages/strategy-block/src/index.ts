export { blockStrategy, loadBlocking, prepareBlocking, finishBlocking } from './block-strategy.js';
