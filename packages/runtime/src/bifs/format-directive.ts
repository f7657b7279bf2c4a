import { isSmall, smallValue } from '@beamload/terms';

/**
 * One control sequence of an io:format format string, `~F.P.PadModC` as io_lib documents
 * it, with the arguments the control consumes. Field width F (`-` for left adjust, `*`
 * from the arguments: a negative value also means left adjust), precision P (`*` from the
 * arguments; negative is an error), pad character (`.*` from the arguments), modifiers
 * `t` (Unicode) and `l` (no string detection for ~p/~P), then the control character.
 */
export interface FormatDirective {
  control: string;
  width: number | undefined;
  leftAdjust: boolean;
  precision: number | undefined;
  /** The pad character's code (default: space). */
  pad: number;
  unicode: boolean;
  /** False with the `l` modifier. */
  strings: boolean;
  args: number[];
}

/** A format string or argument list io_lib rejects (io:format raises badarg). */
export class BadFormat extends Error {}

/** How many arguments each control character consumes (OTP 25's set). */
const CONTROL_ARGUMENTS: Record<string, number> = {
  w: 1, p: 1, W: 2, P: 2, s: 1, e: 1, f: 1, g: 1, b: 1, B: 1, x: 2, X: 2, '+': 1, '#': 1, c: 1, '~': 0, n: 0, i: 1,
};

/**
 * Reads the control sequence starting just after a `~` at `format[start]` (code points),
 * taking its arguments from `args` from index `nextArg`. Returns the directive, where the
 * format continues and the next unused argument.
 */
export function parseDirective(format: number[], start: number, args: number[], nextArg: number): { directive: FormatDirective; end: number; nextArg: number } {
  let at = start;
  let argAt = nextArg;
  // A field value: digits, or `*` taking an integer argument; undefined when neither.
  const fieldValue = (): number | undefined => {
    if (format[at] === 0x2a /* * */ && argAt < args.length && isSmall(args[argAt])) {
      at++;
      return smallValue(args[argAt++]);
    }
    if (!isDigit(format[at])) return undefined;
    let value = 0;
    while (isDigit(format[at])) value = value * 10 + (format[at++] - 0x30);
    return value;
  };

  let leftAdjust = false;
  let width: number | undefined;
  if (format[at] === 0x2d /* - */) {
    at++;
    width = fieldValue();
    // `~-` with no value: io_lib negates 'none' and fails.
    if (width === undefined) throw new BadFormat();
    width = -width;
  } else {
    width = fieldValue();
  }
  if (width !== undefined && width < 0) {
    leftAdjust = true;
    width = -width;
  }

  let precision: number | undefined;
  if (format[at] === 0x2e /* . */) {
    at++;
    precision = fieldValue();
    if (precision !== undefined && precision < 0) throw new BadFormat();
  }

  let pad = 0x20;
  if (format[at] === 0x2e /* . */ && at + 1 < format.length) {
    if (format[at + 1] === 0x2a /* * */) {
      if (argAt >= args.length || !isSmall(args[argAt]) || smallValue(args[argAt]) < 0) throw new BadFormat();
      pad = smallValue(args[argAt++]);
    } else {
      pad = format[at + 1];
    }
    at += 2;
  }

  let unicode = false;
  let strings = true;
  for (;;) {
    if (format[at] === 0x74 /* t */) unicode = true;
    else if (format[at] === 0x6c /* l */) strings = false;
    else break;
    at++;
  }

  if (at >= format.length) throw new BadFormat();
  const control = String.fromCodePoint(format[at]);
  const count = CONTROL_ARGUMENTS[control];
  if (count === undefined || argAt + count > args.length) throw new BadFormat();
  const directiveArgs = args.slice(argAt, argAt + count);
  return {
    directive: { control, width, leftAdjust, precision, pad, unicode, strings, args: directiveArgs },
    end: at + 1,
    nextArg: argAt + count,
  };
}

function isDigit(code: number | undefined): boolean {
  return code !== undefined && code >= 0x30 && code <= 0x39;
}
