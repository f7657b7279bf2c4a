/**
 * The JS representation of Erlang terms, shared by the ETF codec, the disassembler,
 * `@beamload/terms` (host API conversion) and the runtime's host API.
 *
 * | Erlang            | JS                                                          |
 * |-------------------|-------------------------------------------------------------|
 * | integer           | `number` when it is a safe integer, else `bigint`           |
 * | float             | `ErlFloat` (keeps -0.0 distinct from 0.0)                   |
 * | atom              | `ErlAtom` (interned: `atom('ok') === atom('ok')`)           |
 * | [] and proper list| `Array` (`[]` is nil)                                       |
 * | improper list     | `ErlImproperList` (elements + non-list tail)                |
 * | tuple             | `ErlTuple`                                                  |
 * | binary            | `Uint8Array`                                                |
 * | bitstring         | `ErlBitstring` (bytes + number of bits used in the last byte)|
 * | map               | `ErlMap` (pairs kept in the order they were decoded/built)  |
 * | fun M:F/A         | `ErlExportFun`                                              |
 * | local fun         | `ErlClosure`                                                |
 * | pid / port / ref  | `ErlPid` / `ErlPort` / `ErlRef`                             |
 *
 * Integers are normalised: a decoder returns `number` whenever the value is within
 * ±(2^53 - 1), so `===` works for every integer that fits a JS number.
 */

export class ErlAtom {
  private static readonly table = new Map<string, ErlAtom>();
  private constructor(readonly name: string) {}
  static of(name: string): ErlAtom {
    let existing = ErlAtom.table.get(name);
    if (existing === undefined) {
      existing = new ErlAtom(name);
      ErlAtom.table.set(name, existing);
    }
    return existing;
  }
  toString(): string {
    return this.name;
  }
}

/** Shorthand for `ErlAtom.of(name)`. */
export function atom(name: string): ErlAtom {
  return ErlAtom.of(name);
}

export class ErlFloat {
  constructor(readonly value: number) {}
}

export class ErlTuple {
  constructor(readonly elements: Term[]) {}
}

export class ErlImproperList {
  /** `elements` is non-empty; `tail` is not a proper list. */
  constructor(
    readonly elements: Term[],
    readonly tail: Term,
  ) {}
}

export class ErlBitstring {
  /** `bitsInLastByte` is 1..8; the used bits are the high bits of the last byte. */
  constructor(
    readonly bytes: Uint8Array,
    readonly bitsInLastByte: number,
  ) {}
  get bitLength(): number {
    return this.bytes.length === 0 ? 0 : (this.bytes.length - 1) * 8 + this.bitsInLastByte;
  }
}

export class ErlMap {
  constructor(readonly entries: Array<[Term, Term]>) {}
}

export class ErlExportFun {
  constructor(
    readonly module: ErlAtom,
    readonly name: ErlAtom,
    readonly arity: number,
  ) {}
}

export class ErlClosure {
  constructor(
    readonly module: ErlAtom,
    readonly arity: number,
    readonly uniq: Uint8Array,
    readonly index: number,
    readonly oldIndex: number,
    readonly oldUniq: number,
    readonly pid: ErlPid,
    readonly freeVars: Term[],
  ) {}
}

export class ErlPid {
  constructor(
    readonly node: ErlAtom,
    readonly id: number,
    readonly serial: number,
    readonly creation: number,
  ) {}
}

export class ErlPort {
  /** `id` is a bigint because V4_PORT_EXT carries 64 bits. */
  constructor(
    readonly node: ErlAtom,
    readonly id: bigint,
    readonly creation: number,
  ) {}
}

export class ErlRef {
  constructor(
    readonly node: ErlAtom,
    readonly creation: number,
    readonly ids: number[],
  ) {}
}

export type Term =
  | number
  | bigint
  | ErlFloat
  | ErlAtom
  | Term[]
  | ErlImproperList
  | ErlTuple
  | Uint8Array
  | ErlBitstring
  | ErlMap
  | ErlExportFun
  | ErlClosure
  | ErlPid
  | ErlPort
  | ErlRef;
