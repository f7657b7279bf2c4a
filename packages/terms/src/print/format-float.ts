/**
 * A float as io_lib_format:fwrite_g/1 (OTP 25's `~w` and float_to_list(F, [short]))
 * writes it: the shortest digits that read back as the same double, in plain notation
 * ("123456789.0", "0.001") unless scientific ("1.0e10", "1.0e-5") is strictly shorter,
 * and always scientific from 2^53 up.
 */
export function formatFloat(value: number): string {
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const negative = value < 0;
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const scientific = `${digits[0]}.${digits.length > 1 ? digits.slice(1) : '0'}e${exponent}`;
  let plain: string;
  if (exponent < 0) {
    plain = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (exponent >= digits.length - 1) {
    plain = `${digits}${'0'.repeat(exponent - digits.length + 1)}.0`;
  } else {
    plain = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  }
  const useScientific = Math.abs(value) >= 2 ** 53 || scientific.length < plain.length;
  return (negative ? '-' : '') + (useScientific ? scientific : plain);
}
