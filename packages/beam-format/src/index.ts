export * from './errors.js';
export * from './term/values.js';
// External Term Format, inflate/deflate
export { decodeEtf, decodeEtfWithLength, type DecodeEtfOptions, type DecodedEtf } from './etf/decode.js';
export { DEFAULT_ETF_LIMITS, type EtfLimits } from './etf/limits.js';
export { ETF_VERSION, EtfTag } from './etf/tags.js';
export { inflate, gunzip, DEFAULT_MAX_INFLATED_BYTES, type InflateOptions } from './inflate.js';
export { deflate } from './deflate.js';
export { defaultZlibEngine, type ZlibEngine } from './zlib-engine.js';
