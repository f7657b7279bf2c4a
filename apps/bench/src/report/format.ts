/** Shared number formatting for the terminal, markdown and HTML outputs. */

export const MISSING = '–';

export function milliseconds(microseconds: number | null | undefined): string {
  if (microseconds === null || microseconds === undefined) return MISSING;
  const value = microseconds / 1000;
  if (value >= 100) return value.toFixed(0);
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function ratio(value: number | null | undefined): string {
  if (value === null || value === undefined) return MISSING;
  return `${value.toFixed(2)}x`;
}

export function entries(size: number): string {
  return size.toLocaleString('en-US');
}

export function shortEntries(size: number): string {
  if (size >= 1_000_000 && size % 100_000 === 0) return `${size / 1_000_000}M`;
  if (size >= 1000 && size % 1000 === 0) return `${size / 1000}k`;
  return String(size);
}
