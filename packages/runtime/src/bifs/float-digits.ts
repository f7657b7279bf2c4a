/**
 * Decimal digits of a double as C's printf("%.*e") gives them (ERTS's float_to_list/1 and
 * erlang:display/1 print floats that way): correctly rounded from the exact binary value,
 * ties to even. JS's toExponential rounds ties up, which differs when the exact value ends
 * in a 5 just past the last kept digit.
 */
export interface ScientificDigits {
  negative: boolean;
  /** `count` significant digits, the first before the decimal point. */
  digits: string;
  /** Decimal exponent of the first digit. */
  exponent: number;
}

/** `count` significant digits of a finite `value`, rounded half to even. */
export function scientificDigits(value: number, count: number): ScientificDigits {
  const negative = value < 0 || Object.is(value, -0);
  const { numerator, denominatorPower } = exactRational(Math.abs(value));
  if (numerator === 0n) return { negative, digits: '0'.repeat(count), exponent: 0 };
  // value = numerator / 2^denominatorPower = (numerator * 5^k) / 10^k.
  const scaled = (numerator * 5n ** BigInt(denominatorPower)).toString();
  const exponent = scaled.length - 1 - denominatorPower;
  if (scaled.length <= count) return { negative, digits: scaled.padEnd(count, '0'), exponent };
  let kept = BigInt(scaled.slice(0, count));
  const first = scaled.charCodeAt(count) - 0x30;
  const restNonZero = /[1-9]/.test(scaled.slice(count + 1));
  const roundUp = first > 5 || (first === 5 && (restNonZero || (kept & 1n) === 1n));
  if (roundUp) kept += 1n;
  let digits = kept.toString();
  let roundedExponent = exponent;
  if (digits.length > count) {
    digits = digits.slice(0, count);
    roundedExponent++;
  }
  return { negative, digits, exponent: roundedExponent };
}

/** The exact value of a non-negative finite double as numerator / 2^denominatorPower. */
export function exactRational(value: number): { numerator: bigint; denominatorPower: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  const high = view.getUint32(0);
  const low = view.getUint32(4);
  const biasedExponent = (high >>> 20) & 0x7ff;
  let mantissa = (BigInt(high & 0xfffff) << 32n) | BigInt(low);
  let power: number;
  if (biasedExponent === 0) {
    power = 1074;
  } else {
    mantissa |= 1n << 52n;
    power = 1075 - biasedExponent;
  }
  if (power <= 0) return { numerator: mantissa << BigInt(-power), denominatorPower: 0 };
  while (power > 0 && (mantissa & 1n) === 0n && mantissa !== 0n) {
    mantissa >>= 1n;
    power--;
  }
  return { numerator: mantissa, denominatorPower: power };
}

/** C's "%.{precision}e" of a finite double (erlang:display/1 uses precision 6). */
export function cScientific(value: number, precision: number): string {
  const { negative, digits, exponent } = scientificDigits(value, precision + 1);
  const mantissa = precision > 0 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const exponentText = String(Math.abs(exponent)).padStart(2, '0');
  return `${negative ? '-' : ''}${mantissa}e${exponent < 0 ? '-' : '+'}${exponentText}`;
}
