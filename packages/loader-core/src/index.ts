export { LoadError, type LoadErrorCode, type FormatErrorLike } from './errors.js';
export { type LoaderArena, type BlockKind, NO_BLOCK } from './memory.js';
export { type BifRegistry, type LoaderAtoms, NO_BIFS } from './bif-registry.js';
export { Loader, type LoaderOptions, type ModuleStatus } from './loader.js';
export type { PreparedModule } from './prepared-module.js';
export type { SystemControl, Wait, WaitAnswer, CheckProcessCodeAnswer, OnLoadAnswer } from './system-control.js';
export type { LoadStrategy, LoadContext, LoadRequest, LoadResult, SystemTask } from './load-strategy.js';
export * from './tables/code-index-layout.js';
export * from './tables/export-table.js';
export * from './tables/module-table.js';
export * from './tables/code-instance.js';
export { LoaderTables } from './tables/loader-tables.js';
export { AppendOnlyTable, APPEND_ONLY_TABLE_CAPACITY } from './tables/append-only-table.js';
// The loaded-code format and the code transform (docs/loaded-code-format.md).
export * from './code/index.js';
