import { scientificDigits } from './float-digits.js';

/**
 * The text of io_lib's ~f, ~e and ~g for a float before field layout. io_lib does not
 * round the exact value: it starts from float_to_list/1's 21 significant digits ("%.20e")
 * and rounds those half up to the requested digits, so it can differ from a correctly
 * rounded toFixed in the last digit; this follows io_lib.
 */

/** float_to_list/1's digits and the exponent io_lib derives from them (value = 0.D1D2... x 10^E). */
function floatData(value: number): { digits: string; exponent: number } {
  const { digits, exponent } = scientificDigits(value, 21);
  return { digits, exponent: value === 0 ? 1 : exponent + 1 };
}

/**
 * `integerCount` digits, a '.', `decimalCount` digits taken from `digits` (zeros past its
 * end), rounded half up on the next digit. `carry` is set when the rounding overflowed
 * the first digit (all nines), leaving zeros.
 */
function mantissa(digits: string, integerCount: number, decimalCount: number): { text: string; carry: boolean } {
  const length = integerCount + decimalCount;
  const kept = digits.slice(0, length).padEnd(length, '0').split('').map((d) => d.charCodeAt(0) - 0x30);
  let carry = length < digits.length && digits.charCodeAt(length) - 0x30 >= 5;
  for (let i = kept.length - 1; i >= 0 && carry; i--) {
    if (kept[i] === 9) kept[i] = 0;
    else {
      kept[i]++;
      carry = false;
    }
  }
  const text = kept.join('');
  return { text: `${text.slice(0, integerCount)}.${text.slice(integerCount)}`, carry };
}

function sign(value: number): string {
  return value < 0 || Object.is(value, -0) ? '-' : '';
}

/** ~e with `precision` significant digits (precision >= 2: io_lib rejects less). */
export function floatE(value: number, precision: number): string {
  const { digits, exponent } = floatData(value);
  const { text, carry } = mantissa(digits, 1, precision - 1);
  // A carry turns 9.99 into 0.00: the mantissa becomes 1.00 and the exponent grows.
  const shown = carry ? `1${text.slice(1)}` : text;
  const decimalExponent = carry ? exponent : exponent - 1;
  return `${sign(value)}${shown}e${decimalExponent >= 0 ? '+' : ''}${decimalExponent}`;
}

/** ~f with `precision` decimals (precision >= 1: io_lib rejects less). */
export function floatF(value: number, precision: number): string {
  let { digits, exponent } = floatData(value);
  if (exponent <= 0) {
    digits = '0'.repeat(-exponent + 1) + digits;
    exponent = 1;
  }
  const { text, carry } = mantissa(digits, exponent, precision);
  return `${sign(value)}${carry ? '1' : ''}${text}`;
}

/**
 * ~g: ~f when the magnitude is in [0.1, 10000) and the precision (significant digits)
 * reaches past the decimal point, else ~e. io_lib decides on the absolute value (so
 * -0.05 prints as ~e like 0.05 does).
 */
export function floatG(value: number, precision: number): string {
  const magnitude = Math.abs(value);
  let exponent: number | undefined;
  if (magnitude < 0.1) exponent = -2;
  else if (magnitude < 1) exponent = -1;
  else if (magnitude < 10) exponent = 0;
  else if (magnitude < 100) exponent = 1;
  else if (magnitude < 1000) exponent = 2;
  else if (magnitude < 10000) exponent = 3;
  if (exponent !== undefined && ((precision <= 1 && exponent === -1) || (precision - 1 > exponent && exponent >= -1))) {
    return floatF(value, precision - 1 - exponent);
  }
  return floatE(value, precision <= 1 ? 2 : precision);
}
