import {
  ErlAtom,
  ErlBitstring,
  ErlClosure,
  ErlExportFun,
  ErlFloat,
  ErlImproperList,
  ErlMap,
  ErlPid,
  ErlPort,
  ErlRef,
  ErlTuple,
  type Term,
} from '../term/values.js';

/** Prints a term in Erlang syntax on one line (lists of printable characters as strings). */
export function formatTerm(term: Term): string {
  if (typeof term === 'number' || typeof term === 'bigint') return term.toString();
  if (term instanceof ErlAtom) return formatAtom(term.name);
  if (term instanceof ErlFloat) return formatFloat(term.value);
  if (Array.isArray(term)) {
    if (term.length > 0 && term.every(isPrintableCharacter)) return JSON.stringify(String.fromCharCode(...(term as number[])));
    return `[${term.map(formatTerm).join(',')}]`;
  }
  if (term instanceof ErlTuple) return `{${term.elements.map(formatTerm).join(',')}}`;
  if (term instanceof Uint8Array) {
    if (term.length > 0 && Array.from(term).every(isPrintableCharacter)) return `<<${JSON.stringify(String.fromCharCode(...term))}>>`;
    return `<<${Array.from(term).join(',')}>>`;
  }
  if (term instanceof ErlImproperList) return `[${term.elements.map(formatTerm).join(',')}|${formatTerm(term.tail)}]`;
  if (term instanceof ErlBitstring) {
    const whole = Array.from(term.bytes.subarray(0, term.bytes.length - 1));
    const last = term.bytes[term.bytes.length - 1]! >> (8 - term.bitsInLastByte);
    return `<<${[...whole.map(String), `${last}:${term.bitsInLastByte}`].join(',')}>>`;
  }
  if (term instanceof ErlMap) return `#{${term.entries.map(([key, value]) => `${formatTerm(key)} => ${formatTerm(value)}`).join(',')}}`;
  if (term instanceof ErlExportFun) return `fun ${formatAtom(term.module.name)}:${formatAtom(term.name.name)}/${term.arity}`;
  if (term instanceof ErlClosure) return `#Fun<${formatAtom(term.module.name)}.${term.oldIndex}.${term.oldUniq}>`;
  if (term instanceof ErlPid) return `<${term.node.name}.${term.id}.${term.serial}>`;
  if (term instanceof ErlPort) return `#Port<${term.node.name}.${term.id}>`;
  if (term instanceof ErlRef) return `#Ref<${term.node.name}.${term.ids.join('.')}>`;
  return String(term);
}

const RESERVED_WORDS = new Set([
  'after', 'and', 'andalso', 'band', 'begin', 'bnot', 'bor', 'bsl', 'bsr', 'bxor', 'case', 'catch', 'cond',
  'div', 'else', 'end', 'fun', 'if', 'let', 'maybe', 'not', 'of', 'or', 'orelse', 'receive', 'rem', 'try', 'when', 'xor',
]);

export function formatAtom(name: string): string {
  if (/^[a-z][a-zA-Z0-9_@]*$/.test(name) && !RESERVED_WORDS.has(name)) return name;
  return `'${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** Erlang's shortest round-trip float syntax: always a `.`, exponent as `e21`. */
export function formatFloat(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  const text = value.toString();
  const [mantissa, exponent] = text.split('e');
  const withPoint = mantissa!.includes('.') ? mantissa! : `${mantissa}.0`;
  return exponent === undefined ? withPoint : `${withPoint}e${exponent.replace('+', '')}`;
}

function isPrintableCharacter(value: unknown): boolean {
  return typeof value === 'number' && ((value >= 32 && value <= 126) || value === 10 || value === 9);
}
