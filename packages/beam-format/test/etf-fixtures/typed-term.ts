import { compareTerms } from '../../src/etf/term-order.js';
import {
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
  ErlAtom,
  atom,
  type Term,
} from '../../src/term/values.js';

/** The typed JSON form the corpus escript writes (see etf_corpus.escript). */
export type Typed = [string, ...unknown[]];

const fromHex = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const atomFromHex = (hex: string): ErlAtom => atom(Buffer.from(hex, 'hex').toString('utf8'));

function normalInteger(value: bigint): number | bigint {
  return value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}

/** The typed sub-terms of a typed term, in order. */
function childrenOf(typed: Typed): Typed[] {
  switch (typed[0]) {
    case 'l':
      return typed[2] === null ? (typed[1] as Typed[]) : [...(typed[1] as Typed[]), typed[2] as Typed];
    case 't':
      return typed[1] as Typed[];
    case 'm':
      return (typed[1] as Array<[Typed, Typed]>).flat();
    case 'fun':
      return [typed[7] as Typed, ...(typed[8] as Typed[])];
    default:
      return [];
  }
}

/** Builds one term from its typed form and its already built sub-terms. */
function build(typed: Typed, children: Term[]): Term {
  const rest = typed.slice(1);
  switch (typed[0]) {
    case 'i':
      return normalInteger(BigInt(rest[0] as string));
    case 'f':
      return new ErlFloat(Buffer.from(rest[0] as string, 'hex').readDoubleBE(0));
    case 'a':
      return atomFromHex(rest[0] as string);
    case 'l':
      return rest[1] === null ? children : new ErlImproperList(children.slice(0, -1), children[children.length - 1]!);
    case 't':
      return new ErlTuple(children);
    case 'b':
      return fromHex(rest[0] as string);
    case 'bits':
      return new ErlBitstring(fromHex(rest[0] as string), rest[1] as number);
    case 'm': {
      const entries: Array<[Term, Term]> = [];
      for (let i = 0; i < children.length; i += 2) entries.push([children[i]!, children[i + 1]!]);
      return new ErlMap(entries);
    }
    case 'e':
      return new ErlExportFun(atomFromHex(rest[0] as string), atomFromHex(rest[1] as string), rest[2] as number);
    case 'pid':
      return new ErlPid(atomFromHex(rest[0] as string), rest[1] as number, rest[2] as number, rest[3] as number);
    case 'port':
      return new ErlPort(atomFromHex(rest[0] as string), BigInt(rest[1] as string), rest[2] as number);
    case 'ref':
      return new ErlRef(atomFromHex(rest[0] as string), rest[1] as number, rest[2] as number[]);
    case 'fun':
      return new ErlClosure(
        atomFromHex(rest[0] as string),
        rest[1] as number,
        fromHex(rest[2] as string),
        rest[3] as number,
        rest[4] as number,
        rest[5] as number,
        children[0] as ErlPid,
        children.slice(1),
      );
    default:
      throw new Error(`unknown typed form ${String(typed[0])}`);
  }
}

/** Builds the expected JS term from its typed JSON form (iteratively: fixtures nest deep). */
export function typedToTerm(root: Typed): Term {
  interface Pending {
    typed: Typed;
    children: Typed[];
    built: Term[];
  }
  const stack: Pending[] = [{ typed: root, children: childrenOf(root), built: [] }];
  for (;;) {
    const top = stack[stack.length - 1]!;
    if (top.built.length < top.children.length) {
      const next = top.children[top.built.length]!;
      stack.push({ typed: next, children: childrenOf(next), built: [] });
      continue;
    }
    stack.pop();
    const term = build(top.typed, top.built);
    if (stack.length === 0) return term;
    stack[stack.length - 1]!.built.push(term);
  }
}

/** A closing bracket still to print once a compound term's elements are printed. */
class Closing {
  constructor(readonly text: string) {}
}

/**
 * A canonical text of a term for strict comparison: floats by their bits (so -0.0 and
 * 0.0 differ), integers by value and JS type, maps with keys in term order.
 */
export function describeTerm(term: Term): string {
  const out: string[] = [];
  const work: Array<Term | Closing> = [term];
  while (work.length > 0) {
    const item = work.pop()!;
    if (item instanceof Closing) {
      out.push(item.text);
      continue;
    }
    const t = item;
    if (typeof t === 'number') {
      if (!Number.isSafeInteger(t)) throw new Error(`integer ${t} should have been a bigint`);
      out.push(`i${t}`);
    } else if (typeof t === 'bigint') {
      if (t >= -BigInt(Number.MAX_SAFE_INTEGER) && t <= BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new Error(`bigint ${t} should have been a number`);
      }
      out.push(`I${t}`);
    } else if (t instanceof ErlFloat) {
      const b = Buffer.alloc(8);
      b.writeDoubleBE(t.value);
      out.push(`f${b.toString('hex')}`);
    } else if (t instanceof ErlAtom) {
      out.push(`a${JSON.stringify(t.name)}`);
    } else if (Array.isArray(t)) {
      out.push(`[${t.length}`);
      work.push(new Closing(']'));
      for (let i = t.length - 1; i >= 0; i--) work.push(t[i]!);
    } else if (t instanceof ErlImproperList) {
      out.push(`[${t.elements.length}|`);
      work.push(new Closing(']'), t.tail);
      for (let i = t.elements.length - 1; i >= 0; i--) work.push(t.elements[i]!);
    } else if (t instanceof ErlTuple) {
      out.push(`{${t.elements.length}`);
      work.push(new Closing('}'));
      for (let i = t.elements.length - 1; i >= 0; i--) work.push(t.elements[i]!);
    } else if (t instanceof Uint8Array) {
      out.push(`b${Buffer.from(t).toString('hex')}`);
    } else if (t instanceof ErlBitstring) {
      out.push(`bits${Buffer.from(t.bytes).toString('hex')}/${t.bitsInLastByte}`);
    } else if (t instanceof ErlMap) {
      const sorted = [...t.entries].sort((x, y) => compareTerms(x[0], y[0]));
      out.push(`#${sorted.length}`);
      work.push(new Closing('#'));
      for (let i = sorted.length - 1; i >= 0; i--) work.push(sorted[i]![1], sorted[i]![0]);
    } else if (t instanceof ErlExportFun) {
      out.push(`e${t.module.name}:${t.name.name}/${t.arity}`);
    } else if (t instanceof ErlClosure) {
      out.push(
        `fun(${t.module.name},${t.arity},${Buffer.from(t.uniq).toString('hex')},${t.index},${t.oldIndex},${t.oldUniq}`,
      );
      work.push(new Closing(')'));
      for (let i = t.freeVars.length - 1; i >= 0; i--) work.push(t.freeVars[i]!);
      work.push(t.pid);
    } else if (t instanceof ErlPid) {
      out.push(`pid(${t.node.name},${t.id},${t.serial},${t.creation})`);
    } else if (t instanceof ErlPort) {
      out.push(`port(${t.node.name},${t.id},${t.creation})`);
    } else if (t instanceof ErlRef) {
      out.push(`ref(${t.node.name},${t.creation},${t.ids.join('.')})`);
    } else {
      throw new Error(`not a term: ${String(t)}`);
    }
  }
  return out.join(' ');
}
