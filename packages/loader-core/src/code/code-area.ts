import {
  CODE_HEADER_EXPORTS_COUNT,
  CODE_HEADER_EXPORTS_OFFSET,
  CODE_HEADER_FILES_COUNT,
  CODE_HEADER_FILES_OFFSET,
  CODE_HEADER_FUNCTIONS_COUNT,
  CODE_HEADER_FUNCTIONS_OFFSET,
  CODE_HEADER_LINES_COUNT,
  CODE_HEADER_LINES_OFFSET,
  CODE_HEADER_MODULE,
  CODE_HEADER_TOTAL_WORDS,
  EXPORT_LIST_ADDRESS,
  EXPORT_LIST_ARITY,
  EXPORT_LIST_ENTRY_WORDS,
  EXPORT_LIST_FUNCTION,
  FUNCTION_ARITY,
  FUNCTION_ENTRY_WORDS,
  FUNCTION_INFO_ADDRESS,
  FUNCTION_NAME,
  LINE_ADDRESS,
  LINE_ENTRY_WORDS,
  LINE_FILE,
  LINE_NUMBER,
} from './code-area-layout.js';

/** Where a code address is: the function (atoms and arity) and the source location. */
export interface CodeLocation {
  readonly module: number;
  readonly function: number;
  readonly arity: number;
  /** Atom word of the file name, or 0 when the code has no line information there. */
  readonly file: number;
  readonly line: number;
}

/** Reads the tables of a written code area (docs/loaded-code-format.md). */
export class CodeArea {
  constructor(
    readonly memory: Int32Array,
    readonly base: number,
  ) {}

  get module(): number {
    return this.memory[this.base + CODE_HEADER_MODULE];
  }
  get totalWords(): number {
    return this.memory[this.base + CODE_HEADER_TOTAL_WORDS];
  }
  contains(address: number): boolean {
    return address >= this.base && address < this.base + this.totalWords;
  }

  /** Function table index of the function containing `address`, or -1. */
  functionIndexAt(address: number): number {
    const memory = this.memory;
    const table = this.base + memory[this.base + CODE_HEADER_FUNCTIONS_OFFSET];
    let low = 0;
    let high = memory[this.base + CODE_HEADER_FUNCTIONS_COUNT] - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (memory[table + middle * FUNCTION_ENTRY_WORDS + FUNCTION_INFO_ADDRESS] <= address) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    return found;
  }

  /** `{M,F,A}` and file/line for a code address (a pc, or a return address minus one). */
  locate(address: number): CodeLocation | undefined {
    const memory = this.memory;
    const index = this.functionIndexAt(address);
    if (index < 0) return undefined;
    const entry = this.base + memory[this.base + CODE_HEADER_FUNCTIONS_OFFSET] + index * FUNCTION_ENTRY_WORDS;
    let file = 0;
    let line = 0;
    const lines = this.base + memory[this.base + CODE_HEADER_LINES_OFFSET];
    let low = 0;
    let high = memory[this.base + CODE_HEADER_LINES_COUNT] - 1;
    let found = -1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      if (memory[lines + middle * LINE_ENTRY_WORDS + LINE_ADDRESS] <= address) {
        found = middle;
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    // A line entry only applies inside the same function.
    if (found >= 0 && memory[lines + found * LINE_ENTRY_WORDS + LINE_ADDRESS] >= memory[entry + FUNCTION_INFO_ADDRESS]) {
      const fileIndex = memory[lines + found * LINE_ENTRY_WORDS + LINE_FILE];
      line = memory[lines + found * LINE_ENTRY_WORDS + LINE_NUMBER];
      if (fileIndex < memory[this.base + CODE_HEADER_FILES_COUNT]) {
        file = memory[this.base + memory[this.base + CODE_HEADER_FILES_OFFSET] + fileIndex];
      }
    }
    return { module: this.module, function: memory[entry + FUNCTION_NAME], arity: memory[entry + FUNCTION_ARITY], file, line };
  }

  /** Entry address of an exported function, or 0. */
  exportedAddress(functionAtom: number, arity: number): number {
    const memory = this.memory;
    const table = this.base + memory[this.base + CODE_HEADER_EXPORTS_OFFSET];
    const count = memory[this.base + CODE_HEADER_EXPORTS_COUNT];
    for (let i = 0; i < count; i++) {
      const entry = table + i * EXPORT_LIST_ENTRY_WORDS;
      if (memory[entry + EXPORT_LIST_FUNCTION] === functionAtom && memory[entry + EXPORT_LIST_ARITY] === arity) return memory[entry + EXPORT_LIST_ADDRESS];
    }
    return 0;
  }

  /** Every exported function as [name atom, arity, address]. */
  exports(): Array<[number, number, number]> {
    const memory = this.memory;
    const table = this.base + memory[this.base + CODE_HEADER_EXPORTS_OFFSET];
    const count = memory[this.base + CODE_HEADER_EXPORTS_COUNT];
    const result: Array<[number, number, number]> = [];
    for (let i = 0; i < count; i++) {
      const entry = table + i * EXPORT_LIST_ENTRY_WORDS;
      result.push([memory[entry + EXPORT_LIST_FUNCTION], memory[entry + EXPORT_LIST_ARITY], memory[entry + EXPORT_LIST_ADDRESS]]);
    }
    return result;
  }

  /** Every function as [name atom, arity] in code order (module_info(functions)). */
  functions(): Array<[number, number]> {
    const memory = this.memory;
    const table = this.base + memory[this.base + CODE_HEADER_FUNCTIONS_OFFSET];
    const count = memory[this.base + CODE_HEADER_FUNCTIONS_COUNT];
    const result: Array<[number, number]> = [];
    for (let i = 0; i < count; i++) {
      result.push([memory[table + i * FUNCTION_ENTRY_WORDS + FUNCTION_NAME], memory[table + i * FUNCTION_ENTRY_WORDS + FUNCTION_ARITY]]);
    }
    return result;
  }
}
