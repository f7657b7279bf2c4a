/**
 * Erlang's shortest round-trip float text (io_lib_format/float_to_list short): digits
 * as JS's shortest representation, laid out the way `~w`/`~p` print floats: "1.0",
 * "0.1", "1.0e10", "1.5e-7".
 */
export function formatFloatShortest(value: number): string {
  if (Object.is(value, -0)) return '-0.0';
  const [mantissaPart, exponentPart] = value.toExponential().split('e');
  const exponent = Number(exponentPart);
  const negative = mantissaPart.startsWith('-');
  const digits = mantissaPart.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  // Erlang switches to exponent form outside 0.1 <= |x| < 1e21 roughly as io_lib_format:fwrite_g does.
  if (exponent >= 0 && exponent < 21) {
    const intDigits = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
    const fraction = digits.slice(exponent + 1) || '0';
    if (digits.length <= exponent + 1 || exponent < 16) return `${sign}${intDigits}.${fraction}`;
  }
  if (exponent < 0 && exponent >= -4) {
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const fraction = digits.slice(1) || '0';
  return `${sign}${digits[0]}.${fraction}e${exponent}`;
}
