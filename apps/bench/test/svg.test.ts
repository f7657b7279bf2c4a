import { describe, expect, it } from 'vitest';
import { decadeTicks, element, escapeXml, linearTicks } from '../src/report/svg.js';

describe('svg helpers', () => {
  it('picks round ticks inside a range, or covering it', () => {
    expect(linearTicks(0, 8.4, 5)).toEqual([0, 2, 4, 6, 8]);
    expect(linearTicks(0, 8.4, 5, true)).toEqual([0, 2, 4, 6, 8, 10]);
    expect(linearTicks(0, 1255, 6, true).at(-1)).toBeGreaterThanOrEqual(1255);
    expect(linearTicks(0, 23.4, 10).at(-1)).toBeLessThanOrEqual(23.4);
    expect(decadeTicks(0.03, 870)).toEqual([0.01, 0.1, 1, 10, 100, 1000]);
  });

  it('escapes text and attribute values', () => {
    expect(escapeXml('<a & "b">')).toBe('&lt;a &amp; &quot;b&quot;&gt;');
    expect(element('text', { x: 1.234567, title: 'a"b' }, escapeXml('<x>'))).toBe('<text x="1.23" title="a&quot;b">&lt;x&gt;</text>');
  });
});
