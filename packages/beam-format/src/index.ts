export * from './errors.js';
export * from './term/values.js';
// External Term Format, inflate/deflate
export { decodeEtf, decodeEtfWithLength, type DecodeEtfOptions, type DecodedEtf } from './etf/decode.js';
export { DEFAULT_ETF_LIMITS, type EtfLimits } from './etf/limits.js';
export { ETF_VERSION, EtfTag } from './etf/tags.js';
export { inflate, gunzip, DEFAULT_MAX_INFLATED_BYTES, type InflateOptions } from './inflate.js';
export { deflate } from './deflate.js';
export { encodeEtf, encodeEtfBody, isLatin1AtomName, type EncodeEtfOptions } from './etf/encode.js';
export { compareTerms, termsEqual } from './etf/term-order.js';
export { defaultZlibEngine, type ZlibEngine } from './zlib-engine.js';
// Writer: compact term encoding, chunk encoders, container
export { writeCompactValue, writeOperand, encodeOperand } from './compact/encode.js';
export { ByteSink } from './writer/byte-sink.js';
export { writeBeam, rewriteBeam, type BeamChunk, type WriteBeamOptions } from './writer/container.js';
export { encodeAtomChunk, type AtomChunkOptions } from './writer/atoms.js';
export { AtomIndex, encodeImportTable, encodeFunctionTable, encodeFunTable } from './writer/tables.js';
export { encodeLiteralChunk, type LiteralChunkOptions } from './writer/literals.js';
export { encodeCodeChunk, type CodeHeaderFields, type EncodableInstruction } from './writer/code.js';
export { encodeLineChunk } from './writer/lines.js';
export { writeModule, type ModuleChanges } from './writer/module.js';
export { moduleMd5, moduleMd5Input, funOldUniq } from './writer/module-md5.js';
export { md5, md5Compress, md5InitialState } from './writer/md5.js';
// Builder: modules assembled from functions, instructions and literals
export { ModuleBuilder, FunctionBuilder, type ModuleBuilderOptions, type BuildOptions, type FunEntrySpec } from './builder/module-builder.js';
export { buildLiteralModule, type LiteralModuleSpec } from './builder/literal-module.js';
export { type SymbolicOperand, type ExternalFunction } from './builder/operands.js';
// .beam reader: container, chunks, compact terms, opcodes, code, disassembler
export { readBeam, BeamFile, type ReadBeamOptions } from './beam-file.js';
export { readContainer, isGzip, type BeamContainer, type ChunkLocation, type ContainerOptions } from './container.js';
export { decodeAtoms } from './chunks/atoms.js';
export { decodeImports, type Import } from './chunks/imports.js';
export { decodeFunctionTable, type FunctionTableEntry } from './chunks/function-table.js';
export { decodeFuns, type FunEntry } from './chunks/funs.js';
export { decodeLiteralTable, LiteralTable, type LiteralEntry, type LiteralTableOptions } from './chunks/literals.js';
export { decodeLineTable, isLineTable, type LineTable, type LineItem, type UnknownLineTable } from './chunks/lines.js';
export { decodeTypeTable, isTypeTable, type TypeTable, type TypeEntry, type UnknownTypeTable } from './chunks/types.js';
export { LazyEtfChunk } from './chunks/etf-chunk.js';
export {
  CompactReader,
  decodeCompactTerm,
  CompactTag,
  ExtendedTag,
  type Operand,
  type AllocationItem,
  type RegisterOperand,
} from './compact/decode.js';
export { OperandSlots, SlotKind, BOXED, UNTYPED, SLOT_KIND, SLOT_VALUE, SLOT_AUX, SLOT_WORDS } from './compact/operand-slots.js';
export { OPCODES, MAX_KNOWN_OPCODE, opcodeInfo, opcodeByName, type OpcodeInfo } from './opcodes.js';
export { decodeCode, decodeCodeHeader, InstructionReader, type CodeChunk, type CodeHeader, type Instruction } from './code.js';
export { disassemble, type DisassembledFunction } from './disasm/disassemble.js';
export { formatTerm } from './disasm/format-term.js';
export { termToTypedJson, type TypedJson } from './disasm/typed-json.js';
