import * as beamFormat from '@beamload/beam-format';
import { describe, expect, it } from 'vitest';
import { atomKeyedMap, termToPlain, type TermClasses } from '../src/engines/erlang-values.js';

const classes = beamFormat as unknown as TermClasses;
const { atom, ErlMap, ErlTuple } = beamFormat;

describe('scenario terms <-> plain data', () => {
  it('reads a scenario result as the analysis expects it', () => {
    const result = new ErlMap([
      [atom('start'), 10],
      [atom('end'), 2n ** 40n],
      [atom('loads'), [new ErlMap([[atom('outcome'), atom('ok')], [atom('seen'), [new ErlTuple([1, 99])]]])]],
      [atom('workers'), [new ErlMap([[atom('ends'), [1, 2, 3]]])]],
    ]);
    expect(termToPlain(classes, result)).toEqual({
      start: 10,
      end: 2 ** 40,
      loads: [{ outcome: 'ok', seen: [[1, 99]] }],
      workers: [{ ends: [1, 2, 3] }],
    });
  });

  it('refuses a term the scenario never returns', () => {
    expect(() => termToPlain(classes, new beamFormat.ErlFloat(1.5))).toThrow(TypeError);
  });

  it('builds the config map with atom keys in term order', () => {
    const config = atomKeyedMap(classes, { workers: 4, module: atom('bench_lit'), work: 1, Zed: 0 }) as InstanceType<typeof ErlMap>;
    expect(config).toBeInstanceOf(ErlMap);
    expect(config.entries).toEqual([
      [atom('Zed'), 0],
      [atom('module'), atom('bench_lit')],
      [atom('work'), 1],
      [atom('workers'), 4],
    ]);
  });
});
