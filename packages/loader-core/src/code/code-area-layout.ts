/**
 * Header of a code area (docs/loaded-code-format.md). Offsets are in words from the
 * area's first word; every address stored in tables and instructions is absolute.
 *
 *   +0 magic  +1 version  +2 module atom  +3 total words
 *   +4/+5   code offset / words
 *   +6/+7   function table offset / count     (FUNCTION_ENTRY_WORDS each)
 *   +8/+9   line table offset / count         (LINE_ENTRY_WORDS each)
 *   +10/+11 fun table offset / count          (FUN_ENTRY_WORDS each)
 *   +12/+13 file table offset / count         (1 atom word each)
 *   +14/+15 string offset / byte length
 *   +16/+17 export list offset / count        (EXPORT_LIST_ENTRY_WORDS each)
 *   +18     on_load address (0 = none)
 *   +19/+20 import list offset / count        (IMPORT_LIST_ENTRY_WORDS each)
 *   +21     literal area word (filled by the loader; 0 = none)
 */
export const CODE_MAGIC = 0x424d4344;
export const CODE_FORMAT_VERSION = 1;

export const CODE_HEADER_MAGIC = 0;
export const CODE_HEADER_VERSION = 1;
export const CODE_HEADER_MODULE = 2;
export const CODE_HEADER_TOTAL_WORDS = 3;
export const CODE_HEADER_CODE_OFFSET = 4;
export const CODE_HEADER_CODE_WORDS = 5;
export const CODE_HEADER_FUNCTIONS_OFFSET = 6;
export const CODE_HEADER_FUNCTIONS_COUNT = 7;
export const CODE_HEADER_LINES_OFFSET = 8;
export const CODE_HEADER_LINES_COUNT = 9;
export const CODE_HEADER_FUNS_OFFSET = 10;
export const CODE_HEADER_FUNS_COUNT = 11;
export const CODE_HEADER_FILES_OFFSET = 12;
export const CODE_HEADER_FILES_COUNT = 13;
export const CODE_HEADER_STRINGS_OFFSET = 14;
export const CODE_HEADER_STRINGS_BYTES = 15;
export const CODE_HEADER_EXPORTS_OFFSET = 16;
export const CODE_HEADER_EXPORTS_COUNT = 17;
export const CODE_HEADER_ON_LOAD = 18;
export const CODE_HEADER_IMPORTS_OFFSET = 19;
export const CODE_HEADER_IMPORTS_COUNT = 20;
export const CODE_HEADER_LITERAL_AREA = 21;
export const CODE_HEADER_WORDS = 24;

/** Function table entry: name atom, arity, func_info address, entry address. */
export const FUNCTION_ENTRY_WORDS = 4;
export const FUNCTION_NAME = 0;
export const FUNCTION_ARITY = 1;
export const FUNCTION_INFO_ADDRESS = 2;
export const FUNCTION_ENTRY_ADDRESS = 3;

/** Line table entry: address, file index, line. */
export const LINE_ENTRY_WORDS = 3;
export const LINE_ADDRESS = 0;
export const LINE_FILE = 1;
export const LINE_NUMBER = 2;

/** Fun table entry: body address, arity (without free variables), free count, index, old uniq, name atom, module atom. */
export const FUN_ENTRY_WORDS = 7;
export const FUN_ADDRESS = 0;
export const FUN_ARITY = 1;
export const FUN_FREE_COUNT = 2;
export const FUN_INDEX = 3;
export const FUN_OLD_UNIQ = 4;
export const FUN_NAME = 5;
export const FUN_MODULE = 6;

/** Export list entry: function atom, arity, entry address. */
export const EXPORT_LIST_ENTRY_WORDS = 3;
export const EXPORT_LIST_FUNCTION = 0;
export const EXPORT_LIST_ARITY = 1;
export const EXPORT_LIST_ADDRESS = 2;

/** Import list entry: module atom, function atom, arity. */
export const IMPORT_LIST_ENTRY_WORDS = 3;

/** Catch tags carry a code address in 26 bits, so code must lie below this word index. */
export const MAX_CODE_ADDRESS = 2 ** 26 - 1;
