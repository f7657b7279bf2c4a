// Order statistics over raw samples. Percentiles use the nearest-rank definition so that a
// reported value is always one that was actually measured.

export function median(values: readonly number[]): number | null {
  return percentile(values, 50);
}

export function percentile(values: readonly number[], rank: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  const index = Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1);
  return sorted[Math.min(index, sorted.length - 1)];
}

export function maximum(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let result = -Infinity;
  for (const value of values) if (value > result) result = value;
  return result;
}

/** Median of the non-null entries; null when there are none. */
export function medianOfPresent(values: readonly (number | null)[]): number | null {
  return median(values.filter((value): value is number => value !== null));
}
