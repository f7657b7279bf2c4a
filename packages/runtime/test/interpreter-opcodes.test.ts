import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { INSTRUCTIONS } from '@beamload/loader-core';

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
});
