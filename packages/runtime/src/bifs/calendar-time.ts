import { ATOM_FALSE, ATOM_TRUE, ATOM_UNDEFINED, HEADER_TAG_MASK, HEADER_TUPLE, headerArity, isBoxed, isSmall, makeAtom, makeSmall, pointerIndex, smallValue } from '@beamload/terms';
import type { BifCall, BifDefinition } from './bif.js';
import { badarg } from './bif-errors.js';
import { HeapNeeded } from '../interpreter/erlang-exception.js';
import { integerValue, isIntegerTerm, makeInteger, makeTuple } from '../interpreter/heap.js';

/**
 * erlang:localtime/0, universaltime/0 and the conversions between local and universal
 * {{Y, M, D}, {H, Mi, S}} datetimes (calendar:local_time/0 and friends call these), in
 * the host's time zone as erl uses the OS's.
 */

type DateTime = [number, number, number, number, number, number];

function smallsOf(w: Int32Array, term: number, arity: number): number[] | undefined {
  if (!isBoxed(term) || (w[pointerIndex(term)] & HEADER_TAG_MASK) !== HEADER_TUPLE || headerArity(w[pointerIndex(term)]) !== arity) return undefined;
  const values: number[] = [];
  for (let i = 1; i <= arity; i++) {
    const element = w[pointerIndex(term) + i];
    if (!isSmall(element)) return undefined;
    values.push(smallValue(element));
  }
  return values;
}

/** A valid {{Y, M, D}, {H, Mi, S}} argument, or badarg. */
function dateTimeArg(call: BifCall, term: number, args: number[]): DateTime {
  const w = call.context.words;
  if (!isBoxed(term) || (w[pointerIndex(term)] & HEADER_TAG_MASK) !== HEADER_TUPLE || headerArity(w[pointerIndex(term)]) !== 2) throw badarg(args);
  const date = smallsOf(w, w[pointerIndex(term) + 1], 3);
  const time = smallsOf(w, w[pointerIndex(term) + 2], 3);
  if (date === undefined || time === undefined) throw badarg(args);
  const [year, month, day] = date;
  const [hour, minute, second] = time;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) throw badarg(args);
  return [year, month, day, hour, minute, second];
}

function dateTimeTerm(call: BifCall, fields: DateTime): number {
  if (call.context.stackTop - call.context.heapTop < 11) throw new HeapNeeded(11);
  const date = makeTuple(call.context, fields.slice(0, 3).map(makeSmall));
  const time = makeTuple(call.context, fields.slice(3).map(makeSmall));
  return makeTuple(call.context, [date, time]);
}

function utcFields(date: Date): DateTime {
  return [date.getUTCFullYear(), date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()];
}

function localFields(date: Date): DateTime {
  return [date.getFullYear(), date.getMonth() + 1, date.getDate(), date.getHours(), date.getMinutes(), date.getSeconds()];
}

/** The instant of a local datetime; a year under 100 must not be read as 19xx. */
function localInstant([year, month, day, hour, minute, second]: DateTime): Date {
  const date = new Date(2000, month - 1, day, hour, minute, second);
  date.setFullYear(year);
  return date;
}

function utcInstant([year, month, day, hour, minute, second]: DateTime): Date {
  const date = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  date.setUTCFullYear(year);
  return date;
}

function localToUniversal(call: BifCall, args: number[]): number {
  const fields = dateTimeArg(call, args[0], args);
  let instant = localInstant(fields).getTime();
  if (args.length > 1) {
    const flag = args[1];
    if (flag !== makeAtom(ATOM_TRUE) && flag !== makeAtom(ATOM_FALSE) && flag !== makeAtom(ATOM_UNDEFINED)) throw badarg(args);
    // As mktime with tm_isdst set: a time the zone keeps as standard time is taken as
    // daylight time, an hour earlier in UTC (and the reverse for `false`).
    const january = new Date(fields[0], 0, 1).getTimezoneOffset();
    const july = new Date(fields[0], 6, 1).getTimezoneOffset();
    const standardOffset = Math.max(january, july);
    const inDst = new Date(instant).getTimezoneOffset() < standardOffset;
    if (flag === makeAtom(ATOM_TRUE) && !inDst) instant -= 3600_000;
    if (flag === makeAtom(ATOM_FALSE) && inDst) instant += 3600_000;
  }
  return dateTimeTerm(call, utcFields(new Date(instant)));
}

function universalToLocal(call: BifCall, args: number[]): number {
  return dateTimeTerm(call, localFields(utcInstant(dateTimeArg(call, args[0], args))));
}

/** Seconds since 1970 of a universal datetime (erlang:universaltime_to_posixtime/1). */
function universalToPosix(call: BifCall, args: number[]): number {
  return makeInteger(call.context, Math.floor(utcInstant(dateTimeArg(call, args[0], args)).getTime() / 1000));
}

function posixToUniversal(call: BifCall, args: number[]): number {
  const w = call.context.words;
  if (!isIntegerTerm(w, args[0])) throw badarg(args);
  const seconds = Number(integerValue(w, args[0]));
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) throw badarg(args);
  return dateTimeTerm(call, utcFields(date));
}

export const CALENDAR_TIME_BIFS: BifDefinition[] = [
  { module: 'erlang', name: 'localtime', arity: 0, run: (call) => dateTimeTerm(call, localFields(new Date())) },
  { module: 'erlang', name: 'universaltime', arity: 0, run: (call) => dateTimeTerm(call, utcFields(new Date())) },
  { module: 'erlang', name: 'localtime_to_universaltime', arity: 1, run: localToUniversal },
  { module: 'erlang', name: 'localtime_to_universaltime', arity: 2, run: localToUniversal },
  { module: 'erlang', name: 'universaltime_to_localtime', arity: 1, run: universalToLocal },
  { module: 'erlang', name: 'universaltime_to_posixtime', arity: 1, run: universalToPosix },
  { module: 'erlang', name: 'posixtime_to_universaltime', arity: 1, run: posixToUniversal },
];
