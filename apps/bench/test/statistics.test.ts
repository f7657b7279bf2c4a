import { describe, expect, it } from 'vitest';
import { maximum, median, medianOfPresent, percentile } from '../src/statistics.js';

describe('order statistics', () => {
  it('uses nearest rank, so every result is a measured value', () => {
    const values = [5, 1, 4, 2, 3];
    expect(median(values)).toBe(3);
    expect(percentile(values, 99)).toBe(5);
    expect(percentile(values, 20)).toBe(1);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(maximum(values)).toBe(5);
  });

  it('has no value for no samples', () => {
    expect(median([])).toBeNull();
    expect(percentile([], 99)).toBeNull();
    expect(maximum([])).toBeNull();
    expect(medianOfPresent([null, null])).toBeNull();
    expect(medianOfPresent([null, 7, 9, null, 8])).toBe(8);
  });

  it('sorts numerically, not as strings', () => {
    expect(maximum([9, 10, 100])).toBe(100);
    expect(median([9, 10, 100])).toBe(10);
  });
});
