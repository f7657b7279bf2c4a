/**
 * Bounds on what one ETF decode may build, so hostile input fails fast with
 * `limit_exceeded` instead of exhausting memory. Lengths claimed inside the term are
 * also checked against the bytes actually left (every element needs at least one byte),
 * so a claim of 2^32 elements is refused before anything is allocated.
 */
export interface EtfLimits {
  /** Deepest nesting of tuples, lists, maps and fun environments. */
  maxDepth: number;
  /** Terms built in total (every integer, atom, element... counts one). */
  maxElements: number;
  /** Bytes of binaries, bitstrings and strings built in total. */
  maxBinaryBytes: number;
  /** Magnitude bytes of one big integer (V8 caps BigInt at 2^30 bits). */
  maxBigIntegerBytes: number;
  /** Size a compressed term (131 80) may claim or inflate to. */
  maxInflatedBytes: number;
}

export const DEFAULT_ETF_LIMITS: Readonly<EtfLimits> = Object.freeze({
  maxDepth: 100_000,
  maxElements: 64 * 1024 * 1024,
  maxBinaryBytes: 1024 * 1024 * 1024,
  maxBigIntegerBytes: 16 * 1024 * 1024,
  maxInflatedBytes: 256 * 1024 * 1024,
});

export function resolveEtfLimits(partial: Partial<EtfLimits> | undefined): EtfLimits {
  return partial === undefined ? { ...DEFAULT_ETF_LIMITS } : { ...DEFAULT_ETF_LIMITS, ...partial };
}
