/**
 * FLOAT_EXT (99) stores a float as C's `"%.20e"` text: 21 significant digits, the
 * exact binary value rounded half-to-even, e.g. `1.50000000000000000000e+00`. JS has no
 * printf and `toExponential` rounds ties differently, so the digits are computed here
 * from the exact value with BigInt.
 */
export function formatFloatText(value: number): string {
  const negative = value < 0 || Object.is(value, -0);
  const magnitude = Math.abs(value);
  if (magnitude === 0) return `${negative ? '-' : ''}0.${'0'.repeat(20)}e+00`;

  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, magnitude);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biasedExponent = high >>> 20;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let binaryExponent: number;
  if (biasedExponent === 0) {
    binaryExponent = -1074;
  } else {
    mantissa |= 1n << 52n;
    binaryExponent = biasedExponent - 1075;
  }
  // magnitude = numerator / denominator exactly.
  const numerator = binaryExponent >= 0 ? mantissa << BigInt(binaryExponent) : mantissa;
  const denominator = binaryExponent >= 0 ? 1n : 1n << BigInt(-binaryExponent);

  let decimalExponent = Math.floor(Math.log10(magnitude));
  const scale = (exponent: number): bigint => {
    // digits = round(magnitude * 10^(20 - exponent))
    const shift = 20 - exponent;
    const n = shift >= 0 ? numerator * 10n ** BigInt(shift) : numerator;
    const d = shift >= 0 ? denominator : denominator * 10n ** BigInt(-shift);
    const quotient = n / d;
    const twiceRemainder = (n % d) * 2n;
    if (twiceRemainder > d || (twiceRemainder === d && (quotient & 1n) === 1n)) return quotient + 1n;
    return quotient;
  };
  // log10 may be off by one near powers of ten; settle on the exponent that gives
  // exactly 21 digits.
  let digits = scale(decimalExponent);
  if (digits < 10n ** 20n) {
    decimalExponent -= 1;
    digits = scale(decimalExponent);
  }
  if (digits >= 10n ** 21n) {
    decimalExponent += 1;
    digits = scale(decimalExponent);
  }
  const text = digits.toString();
  const exponentText = Math.abs(decimalExponent).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${text[0]}.${text.slice(1)}e${decimalExponent < 0 ? '-' : '+'}${exponentText}`;
}
