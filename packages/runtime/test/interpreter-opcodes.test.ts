import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INSTRUCTIONS, REGISTER_INDEX_SHIFT, REGISTER_KIND_MASK, REGISTER_X } from '@beamload/loader-core';
import { SPENT_CP } from '../src/interpreter/stack-trace.js';
import { PRIMARY_LIST, PRIMARY_MASK, isList, makeList, pointerIndex } from '@beamload/terms';

/**
 * The interpreter's switch uses literal opcode numbers (a switch over imported constants
 * costs a lookup per case per instruction), each followed by its name in a comment. This
 * checks every `N /* name *\/` against loader-core's instruction table.
 */
describe('interpreter opcode literals', () => {
  it('name the instruction the loaded-code format numbers so', () => {
    const source = readFileSync(new URL('../src/interpreter/interpreter.ts', import.meta.url), 'utf8');
    const uses = [...source.matchAll(/\b(\d+) \/\* ([a-z_0-9]+) \*\//g)];
    expect(uses.length).toBeGreaterThan(100);
    for (const [, number, name] of uses) expect(INSTRUCTIONS[Number(number)]?.name, `${number} /* ${name} */`).toBe(name);
  });

  it('read register words and list terms with the literals loader-core and terms define', () => {
    expect(REGISTER_KIND_MASK).toBe(0x3c);
    expect(REGISTER_X).toBe(0);
    expect(REGISTER_INDEX_SHIFT).toBe(6);
    // (t & 3) === 1 is isList, t >>> 2 is pointerIndex, (i << 2) | 1 is makeList.
    expect(PRIMARY_MASK).toBe(3);
    expect(PRIMARY_LIST).toBe(1);
    for (const index of [0, 1, 12345, 0x3fffffff]) {
      const list = makeList(index);
      expect(((index << 2) | 1)).toBe(list);
      expect((list & 3) === 1).toBe(isList(list));
      expect(list >>> 2).toBe(pointerIndex(list));
    }
    const source = readFileSync(new URL('../src/interpreter/interpreter.ts', import.meta.url), 'utf8');
    // Every inline register test in the loop uses exactly these literals.
    expect([...source.matchAll(/& 0x3c\) === 0 \?/g)].length).toBeGreaterThan(20);
    expect(source).not.toMatch(/& 0x3c\) === [1-9]/);
  });

  it('spend the cp register with the literal stack traces read as spent', () => {
    expect(SPENT_CP).toBe(1);
    const source = readFileSync(new URL('../src/interpreter/interpreter.ts', import.meta.url), 'utf8');
    expect([...source.matchAll(/cp = 1 \/\* SPENT_CP \*\//g)].length).toBeGreaterThan(4);
    expect(source).not.toMatch(/cp = (?!1 )\d+ \/\* SPENT_CP/);
  });
});
