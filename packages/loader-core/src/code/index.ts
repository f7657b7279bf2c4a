export * from './code-area-layout.js';
export * from './code-area.js';
export * from './code-input.js';
export * from './instructions.js';
export * from './operand-words.js';
export * from './transform.js';
export * from './write-code-area.js';
