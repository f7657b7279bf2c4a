/**
 * Erlang's shortest round-trip float text, as `~w`, `~p` and float_to_list(F, [short])
 * print it: the shortest digits that read back to the same double (JS's own shortest
 * digits), laid out in plain or exponent form, whichever is not longer (io_lib_format's
 * rule: plain "123456789.0", "0.001"; exponent "1.0e10", "1.0e-10").
 */
export function formatFloatShortest(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  // value = 0.DIGITS * 10^place
  const place = Number(exponentText) + 1;
  // Integral values from 2^53 on are not exact in plain form: always the exponent form.
  if (Math.abs(value) >= 2 ** 53) return sign + insertExponent(String(place - 1), digits);
  return sign + insertDecimal(place, digits);
}

function insertDecimal(place: number, digits: string): string {
  const length = digits.length;
  if (place === 0) return `0.${digits}`;
  if (place > 0 && place < length) return `${digits.slice(0, place)}.${digits.slice(place)}`;
  const exponent = String(place - 1);
  const exponentDot = length === 1 ? 2 : 1;
  const exponentCost = exponent.length + 1 + exponentDot;
  if (place < 0) {
    if (2 - place <= exponentCost) return `0.${'0'.repeat(-place)}${digits}`;
    return insertExponent(exponent, digits);
  }
  if (place - length + 2 <= exponentCost) return `${digits}${'0'.repeat(place - length)}.0`;
  return insertExponent(exponent, digits);
}

function insertExponent(exponent: string, digits: string): string {
  if (digits.length === 1) return `${digits}.0e${exponent}`;
  return `${digits[0]}.${digits.slice(1)}e${exponent}`;
}
