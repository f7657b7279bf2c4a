/**
 * Parses a term written in Erlang syntax (the CLI's arguments) into the JS term
 * representation: integers (with $c characters and Base#Digits), floats, atoms (bare
 * and 'quoted'), "strings" (lists of code points), [lists | Tail], {tuples},
 * <<binaries>> (integers 0..255 and strings), #{maps}. Variables, operators and
 * expressions are refused with a TermSyntaxError carrying the offset.
 */

import { ErlFloat, ErlImproperList, ErlMap, ErlTuple, atom, type Term } from '@beamload/beam-format';

export class TermSyntaxError extends Error {
  override readonly name = 'TermSyntaxError';
  constructor(
    readonly code: 'syntax',
    detail: string,
    readonly offset: number,
  ) {
    super(`${detail} at offset ${offset}`);
  }
}

export function parseErlangTerm(text: string): Term {
  const parser = new Parser(text);
  const term = parser.term();
  parser.skipSpace();
  if (parser.position < text.length) throw parser.error('unexpected text after the term');
  return term;
}

const ESCAPES: Record<string, number> = { n: 10, t: 9, r: 13, s: 32, e: 27, b: 8, f: 12, v: 11, d: 127, '0': 0, '\\': 92, "'": 39, '"': 34 };

class Parser {
  position = 0;
  constructor(readonly text: string) {}

  error(detail: string): TermSyntaxError {
    return new TermSyntaxError('syntax', detail, this.position);
  }

  skipSpace(): void {
    while (this.position < this.text.length && /\s/.test(this.text[this.position])) this.position++;
  }

  private peek(): string {
    return this.text[this.position] ?? '';
  }

  private expect(token: string): void {
    this.skipSpace();
    if (!this.text.startsWith(token, this.position)) throw this.error(`expected '${token}'`);
    this.position += token.length;
  }

  private accept(token: string): boolean {
    this.skipSpace();
    if (!this.text.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }

  term(): Term {
    this.skipSpace();
    const c = this.peek();
    if (c === '') throw this.error('expected a term');
    if (c === '{') return this.tuple();
    if (c === '[') return this.list();
    if (c === '"') return [...this.quoted('"')];
    if (c === "'") return atom(this.quotedText("'"));
    if (c === '<' && this.text.startsWith('<<', this.position)) return this.binary();
    if (c === '#' && this.text.startsWith('#{', this.position)) return this.map();
    if (c === '$') return this.character();
    if (c === '-' || c === '+' || /[0-9]/.test(c)) return this.number();
    if (/[a-z]/.test(c)) return this.bareAtom();
    throw this.error(`unexpected '${c}'`);
  }

  private tuple(): Term {
    this.expect('{');
    const elements = this.sequence('}');
    return new ErlTuple(elements);
  }

  private sequence(close: string): Term[] {
    const elements: Term[] = [];
    if (this.accept(close)) return elements;
    for (;;) {
      elements.push(this.term());
      if (this.accept(close)) return elements;
      this.expect(',');
    }
  }

  private list(): Term {
    this.expect('[');
    const elements: Term[] = [];
    if (this.accept(']')) return elements;
    for (;;) {
      elements.push(this.term());
      if (this.accept(']')) return elements;
      if (this.accept('|')) {
        const tail = this.term();
        this.expect(']');
        if (Array.isArray(tail)) return [...elements, ...tail];
        if (tail instanceof ErlImproperList) return new ErlImproperList([...elements, ...tail.elements], tail.tail);
        return new ErlImproperList(elements, tail);
      }
      this.expect(',');
    }
  }

  private map(): Term {
    this.expect('#{');
    const entries: Array<[Term, Term]> = [];
    if (this.accept('}')) return new ErlMap(entries);
    for (;;) {
      const key = this.term();
      this.expect('=>');
      entries.push([key, this.term()]);
      if (this.accept('}')) return new ErlMap(entries);
      this.expect(',');
    }
  }

  private binary(): Term {
    this.expect('<<');
    const bytes: number[] = [];
    if (!this.accept('>>')) {
      for (;;) {
        this.skipSpace();
        if (this.peek() === '"') {
          for (const code of this.quoted('"')) {
            if (code > 255) throw this.error('a binary string holds bytes (0..255)');
            bytes.push(code);
          }
        } else {
          const value = this.term();
          if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 255) throw this.error('a binary segment must be an integer 0..255 or a string');
          bytes.push(value);
        }
        if (this.accept('>>')) break;
        this.expect(',');
      }
    }
    return Uint8Array.from(bytes);
  }

  private character(): Term {
    this.position++; // $
    const c = this.text[this.position];
    if (c === undefined) throw this.error('expected a character after $');
    if (c === '\\') {
      this.position++;
      const escaped = this.text[this.position++];
      if (escaped === undefined || !(escaped in ESCAPES)) throw this.error('unknown escape');
      return ESCAPES[escaped];
    }
    const code = this.text.codePointAt(this.position)!;
    this.position += code > 0xffff ? 2 : 1;
    return code;
  }

  private number(): Term {
    const match = /^[+-]?(?:(\d+)#([0-9a-zA-Z]+)|\d+(\.\d+(?:[eE][+-]?\d+)?)?)/.exec(this.text.slice(this.position));
    if (match === null) throw this.error('expected a number');
    this.position += match[0].length;
    const negative = match[0].startsWith('-');
    if (match[1] !== undefined) {
      const base = Number(match[1]);
      if (base < 2 || base > 36) throw this.error('a base is 2..36');
      let value = 0n;
      for (const digit of match[2].toLowerCase()) {
        const d = parseInt(digit, 36);
        if (d >= base) throw this.error(`digit ${digit} is not in base ${base}`);
        value = value * BigInt(base) + BigInt(d);
      }
      return normalise(negative ? -value : value);
    }
    if (match[3] !== undefined) return new ErlFloat(Number(match[0]));
    return normalise(BigInt(match[0].replace('+', '')));
  }

  private bareAtom(): Term {
    const match = /^[a-z][a-zA-Z0-9_@]*/.exec(this.text.slice(this.position))!;
    this.position += match[0].length;
    return atom(match[0]);
  }

  private quotedText(quote: string): string {
    return String.fromCodePoint(...this.quoted(quote));
  }

  private quoted(quote: string): number[] {
    this.position++; // opening quote
    const codes: number[] = [];
    for (;;) {
      const c = this.text[this.position];
      if (c === undefined) throw this.error(`unterminated ${quote === '"' ? 'string' : 'quoted atom'}`);
      if (c === quote) {
        this.position++;
        return codes;
      }
      if (c === '\\') {
        const escaped = this.text[this.position + 1];
        if (escaped === undefined || !(escaped in ESCAPES)) throw this.error('unknown escape');
        codes.push(ESCAPES[escaped]);
        this.position += 2;
        continue;
      }
      const code = this.text.codePointAt(this.position)!;
      codes.push(code);
      this.position += code > 0xffff ? 2 : 1;
    }
  }
}

function normalise(value: bigint): Term {
  return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
}
