import { canonicalTypedJson } from '../disasm/typed-json.js';
import type { BeamDescription } from './describe.js';

/** One line of the oracle escript's output. */
export interface OracleRecord extends Partial<BeamDescription> {
  file: string;
  ok: boolean;
  error?: string;
}

export interface Comparison {
  readonly identical: boolean;
  /** Human-readable differences, first few per field. */
  readonly differences: string[];
}

const PLAIN_FIELDS = ['module', 'atoms', 'imports', 'exports', 'locals', 'types', 'dbgi_md5'] as const;
const TERM_FIELDS = ['attributes', 'compile_info', 'meta'] as const;

/** Compares what OTP reported for a file with what this library read from it. */
export function compareWithOracle(oracle: OracleRecord, mine: BeamDescription): Comparison {
  const differences: string[] = [];
  if (!oracle.ok) return { identical: false, differences: [`oracle failed: ${oracle.error}`] };
  for (const field of PLAIN_FIELDS) {
    if (JSON.stringify(oracle[field]) !== JSON.stringify(mine[field])) differences.push(`${field}: ${brief(oracle[field])} != ${brief(mine[field])}`);
  }
  for (const field of TERM_FIELDS) {
    const expected = oracle[field] === null ? null : canonicalTypedJson(oracle[field]);
    if (JSON.stringify(expected) !== JSON.stringify(mine[field])) differences.push(`${field}: ${brief(expected)} != ${brief(mine[field])}`);
  }
  differences.push(...mine.consistency);
  compareLiterals(oracle.literals ?? null, mine.literals, differences);
  compareFunctions(oracle.functions, mine.functions, differences);
  return { identical: differences.length === 0, differences };
}

function compareLiterals(expected: unknown[] | null, actual: unknown[] | null, differences: string[]): void {
  if (expected === null || actual === null) {
    if (expected !== actual) differences.push(`literals: ${expected === null ? 'none' : expected.length} != ${actual === null ? 'none' : actual.length}`);
    return;
  }
  if (expected.length !== actual.length) differences.push(`literals: ${expected.length} entries != ${actual.length}`);
  for (let index = 0; index < Math.min(expected.length, actual.length); index++) {
    const want = JSON.stringify(canonicalTypedJson(expected[index]));
    const got = JSON.stringify(actual[index]);
    if (want !== got) {
      differences.push(`literal ${index}: ${brief(want)} != ${brief(got)}`);
      if (differences.length > 10) return;
    }
  }
}

function compareFunctions(expected: unknown, actual: BeamDescription['functions'], differences: string[]): void {
  if (!Array.isArray(expected)) {
    differences.push(`functions: oracle reported ${brief(expected)}`);
    return;
  }
  if (expected.length !== actual.length) differences.push(`functions: ${expected.length} != ${actual.length}`);
  for (let index = 0; index < Math.min(expected.length, actual.length); index++) {
    const [name, arity, entry, code] = expected[index] as [string, number, number, unknown[]];
    const [myName, myArity, myEntry, myCode] = actual[index]!;
    const where = `function ${name}/${arity}`;
    if (name !== myName || arity !== myArity || entry !== myEntry) {
      differences.push(`${where}: header ${name}/${arity} entry ${entry} != ${myName}/${myArity} entry ${myEntry}`);
    }
    if (code.length !== myCode.length) differences.push(`${where}: ${code.length} instructions != ${myCode.length}`);
    for (let position = 0; position < Math.min(code.length, myCode.length); position++) {
      const want = JSON.stringify(canonicalTypedJson(code[position]));
      const got = JSON.stringify(myCode[position]);
      if (want !== got) {
        differences.push(`${where} instruction ${position}: ${brief(want)} != ${brief(got)}`);
        break;
      }
    }
    if (differences.length > 10) return;
  }
}

function brief(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text === undefined ? 'undefined' : text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
