import { BadFormat, type FormatDirective } from './format-directive.js';

/**
 * Field layout of io_lib's controls: how a control's text is fitted into field width F
 * with precision P and pad character. Lengths are io_lib:chars_length's (characters, or
 * grapheme clusters once a character is above 255), except where OTP 25's io_lib uses
 * the string module (the length of a ~tw/~tW term, the cutting of a ~ts string), which
 * always counts grapheme clusters (e.g. "\r\n" is one).
 */

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * io_lib:chars_length: the number of characters when all are Latin-1 (it is their
 * iolist_size), else string:length's grapheme clusters.
 */
export function charsLength(text: string): number {
  let count = 0;
  for (const character of text) {
    if (character.codePointAt(0)! > 0xff) return graphemeCount(text);
    count++;
  }
  return count;
}

function graphemeCount(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

/** The first `count` characters of `text`. */
function firstCharacters(text: string, count: number): string {
  let out = '';
  let taken = 0;
  for (const character of text) {
    if (taken++ === count) break;
    out += character;
  }
  return out;
}

/** The first `count` grapheme clusters of `text` (string:slice(Text, 0, Count)). */
function firstGraphemes(text: string, count: number): string {
  let out = '';
  let taken = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (taken++ === count) break;
    out += segment;
  }
  return out;
}

function repeated(code: number, count: number): string {
  return count > 0 ? String.fromCodePoint(code).repeat(count) : '';
}

function adjusted(text: string, padding: string, leftAdjust: boolean): string {
  return leftAdjust ? text + padding : padding + text;
}

/**
 * A printed term (~w ~W ~b ~x ~e ~f ~g...) in its field: padded to the width, or the
 * whole field filled with `*` when the text does not fit. The precision, when given,
 * limits the width the text may take.
 */
export function termField(text: string, directive: FormatDirective, unicode = false): string {
  const { precision, pad, leftAdjust } = directive;
  const width = directive.width ?? precision;
  if (width === undefined) return text;
  const length = unicode ? graphemeCount(text) : charsLength(text);
  const room = Math.min(length, precision === undefined ? width : Math.min(precision, width));
  if (length > room) return adjusted(repeated(0x2a /* * */, room), repeated(pad, width - room), leftAdjust);
  return adjusted(text, repeated(pad, width - length), leftAdjust);
}

/**
 * A string (~s) in its field: the precision is the number of characters shown (cut or
 * padded to it), the width the field around them; a string longer than the only one
 * given is cut, never starred (~s cuts characters, ~ts grapheme clusters).
 */
export function stringField(text: string, directive: FormatDirective): string {
  const { width, precision, pad, leftAdjust } = directive;
  const cut = directive.unicode ? firstGraphemes : firstCharacters;
  if (width === undefined && precision === undefined) return text;
  const length = charsLength(text);
  const fitted = (field: number, left: boolean): string => {
    if (length > field) return cut(text, field);
    return adjusted(text, repeated(pad, field - length), left);
  };
  if (precision === undefined) return fitted(width!, leftAdjust);
  if (width === undefined) return fitted(precision, true);
  if (width < precision) throw new BadFormat();
  if (width === precision) return fitted(width, leftAdjust);
  let shown: string;
  if (length > precision) shown = cut(text, precision);
  else shown = text + repeated(pad, precision - length);
  return adjusted(shown, repeated(pad, width - precision), leftAdjust);
}

/**
 * A character (~c, ~~): repeated by the width (or by the precision, when both are given,
 * and padded to the width).
 */
export function charField(code: number, directive: FormatDirective): string {
  const { width, precision, pad, leftAdjust } = directive;
  if (width === undefined && precision === undefined) return String.fromCodePoint(code);
  if (precision === undefined) return repeated(code, width!);
  if (width === undefined) return repeated(code, precision);
  if (width < precision) throw new BadFormat();
  return adjusted(repeated(code, precision), repeated(pad, width - precision), leftAdjust);
}
