import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBeam } from '../src/beam-file.js';
import { md5 } from '../src/writer/md5.js';
import { moduleMd5 } from '../src/writer/module-md5.js';

describe('md5', () => {
  it('equals node:crypto on inputs around the block boundaries', () => {
    for (const length of [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 1000, 100_000]) {
      const data = Uint8Array.from({ length }, (_, i) => (i * 31 + 7) & 0xff);
      const expected = createHash('md5').update(data).digest('hex');
      expect(Buffer.from(md5([data.subarray(0, length >> 1), data.subarray(length >> 1)])).toString('hex')).toBe(expected);
    }
  });
});

describe('moduleMd5 (beam_lib:md5/1 rule)', () => {
  it('gives the FunT OldUniq erlc wrote: the first 27 bits of the module MD5', () => {
    const directory = join(__dirname, 'fixtures', 'default');
    let checked = 0;
    for (const name of readdirSync(directory)) {
      const file = readBeam(new Uint8Array(readFileSync(join(directory, name))));
      const funs = file.funs;
      if (funs === null || funs.length === 0) continue;
      const digest = moduleMd5(file.container.chunks);
      const oldUniq = new DataView(digest.buffer).getUint32(0) >>> 5;
      for (const fun of funs) expect(fun.oldUniq).toBe(oldUniq);
      checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });
});
