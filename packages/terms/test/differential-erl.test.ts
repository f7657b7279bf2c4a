import { describe, expect, it, beforeAll, afterAll } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import {
  Arena,
  AtomTable,
  HeapWriter,
  arithmeticEquals,
  binaryToTerm,
  compareTerms,
  copyTerm,
  createTermStore,
  exactEquals,
  flatSize,
  hashTerm,
  phash2,
  otpMapOrder,
  isFlatMap,
  isLocalPid,
  isLocalPort,
  isSmall,
  listElements,
  listHead,
  listTail,
  mapEntries,
  mapSize,
  TermClass,
  termClass,
  tupleArity,
  tupleElement,
  termToBinary,
  termToValue,
  valueToTerm,
  valueWords,
  writeTerm,
  type TermStore,
} from '../src/index.js';
import { makeCorpus, otpAvailable, runEscript, type Corpus } from './differential-corpus.js';

const hasOtp = otpAvailable();

/** True when every map over 32 keys inside `term` has keys whose OTP hash is portable. */
function largeMapsPortable(store: TermStore, term: number): boolean {
  const stack = [term];
  while (stack.length > 0) {
    const t = stack.pop()!;
    const termType = termClass(store.arena.i32, t);
    if (termType === TermClass.list) stack.push(listHead(store.arena, t), listTail(store.arena, t));
    else if (termType === TermClass.tuple) for (let i = 1; i <= tupleArity(store.arena, t); i++) stack.push(tupleElement(store.arena, t, i));
    else if (termType === TermClass.map) {
      if (!isFlatMap(store.arena, t) && otpMapOrder(store, t) === undefined) return false;
      const { keys, values } = mapEntries(store.arena, t);
      stack.push(...keys, ...values);
    } else if (termType === TermClass.fun) return false; // free variables: not walked here
  }
  return true;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

describe.skipIf(!hasOtp)('differential against erl (>= 10,000 terms)', () => {
  let corpus: Corpus;
  let corpusFile: string;
  let store: TermStore;
  let terms: number[];

  beforeAll(() => {
    ({ corpus, file: corpusFile } = makeCorpus(10_000));
    const arena = Arena.create({ initialBytes: 64 << 20, maxBytes: 1 << 30 });
    store = createTermStore(arena, AtomTable.create(arena));
    terms = corpus.records.map((record) => binaryToTerm(store, record.etf).term);
  }, 300_000); // erl writes the corpus: slow on a loaded machine

  afterAll(() => {
    if (corpusFile !== undefined) rmSync(dirname(corpusFile), { recursive: true, force: true });
  });

  it('has at least 10,000 terms', () => {
    expect(corpus.records.length).toBeGreaterThanOrEqual(10_000);
  });

  it('ETF -> arena -> ETF gives erl term_to_binary bytes (deterministic for maps over 32 keys)', () => {
    const failures: string[] = [];
    corpus.records.forEach((record, i) => {
      const large = (record.flags & 1) !== 0;
      const ours = termToBinary(store, terms[i]!, { deterministic: large });
      const theirs = large ? record.deterministicEtf : record.etf;
      if (hex(ours) !== hex(theirs)) failures.push(`#${i} ${record.text.slice(0, 80)}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('gives erl term_to_binary and ~w for maps over 32 keys too, when their keys hash portably', () => {
    let compared = 0;
    const failures: string[] = [];
    corpus.records.forEach((record, i) => {
      if ((record.flags & 1) === 0 || !largeMapsPortable(store, terms[i]!)) return;
      compared++;
      if (hex(termToBinary(store, terms[i]!)) !== hex(record.etf)) failures.push(`#${i} bytes ${record.text.slice(0, 60)}`);
      if ((record.flags & 2) === 0 && writeTerm(store, terms[i]!) !== record.text) failures.push(`#${i} text ${record.text.slice(0, 60)}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(8);
  });

  it('compressed, gives erl term_to_binary(T, [compressed]) bytes (maps up to 32 keys)', () => {
    const failures: string[] = [];
    corpus.records.forEach((record, i) => {
      if ((record.flags & 1) !== 0) return;
      const ours = termToBinary(store, terms[i]!, { compressed: true });
      if (hex(ours) !== hex(record.compressedEtf)) failures.push(`#${i} ${record.text.slice(0, 80)}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('erl binary_to_term of our bytes gives back =:= terms', () => {
    const parts: Uint8Array[] = [];
    const count = Buffer.alloc(4);
    count.writeUInt32BE(terms.length);
    parts.push(count);
    for (const term of terms) {
      const bytes = termToBinary(store, term);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(bytes.length);
      parts.push(length, bytes);
    }
    const oursFile = join(dirname(corpusFile), 'ours.bin');
    writeFileSync(oursFile, Buffer.concat(parts));
    expect(runEscript('term_check.escript', [corpusFile, oursFile]).trim()).toBe('mismatches 0 []');
  });

  it('prints as io_lib:format("~w") (terms without large maps or other nodes)', () => {
    const failures: string[] = [];
    let compared = 0;
    corpus.records.forEach((record, i) => {
      if (record.flags !== 0) return;
      compared++;
      const ours = writeTerm(store, terms[i]!);
      if (ours !== record.text) failures.push(`#${i} erl ${record.text.slice(0, 100)} ours ${ours.slice(0, 100)}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(8_000);
  });

  it('sorts as lists:sort', () => {
    const order = terms.map((_, i) => i);
    order.sort((a, b) => compareTerms(store, terms[a]!, terms[b]!));
    const { term: sortedByErl } = binaryToTerm(store, corpus.sortedEtf);
    const expected = listElements(store.arena, sortedByErl).elements;
    expect(expected.length).toBe(terms.length);
    const failures: number[] = [];
    for (let i = 0; i < expected.length; i++) {
      if (!exactEquals(store, terms[order[i]!]!, expected[i]!)) failures.push(i);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('== and =:= agree with erl on neighbours in sorted order', () => {
    const { term: sortedByErl } = binaryToTerm(store, corpus.sortedEtf);
    const sorted = listElements(store.arena, sortedByErl).elements;
    const failures: number[] = [];
    for (let i = 0; i + 1 < sorted.length; i++) {
      const flags = corpus.sortedPairs[i]!;
      const equal = arithmeticEquals(store, sorted[i]!, sorted[i + 1]!);
      const exact = exactEquals(store, sorted[i]!, sorted[i + 1]!);
      if (equal !== ((flags & 1) !== 0) || exact !== ((flags & 2) !== 0)) failures.push(i);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('exact equality classes match erl, and equal terms hash equal', () => {
    const failures: string[] = [];
    corpus.records.forEach((record, i) => {
      const representative = terms[record.exactClass]!;
      if (!exactEquals(store, terms[i]!, representative)) failures.push(`#${i} not =:= #${record.exactClass}`);
      if (hashTerm(store, terms[i]!) !== hashTerm(store, representative)) failures.push(`#${i} hash differs from #${record.exactClass}`);
      const neighbour = (i * 7919 + 1) % terms.length;
      const sameClass = corpus.records[neighbour]!.exactClass === record.exactClass;
      if (exactEquals(store, terms[i]!, terms[neighbour]!) !== sameClass) failures.push(`#${i} vs #${neighbour}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
    const classes = new Set(corpus.records.map((record) => record.exactClass));
    const hashes = new Set([...classes].map((index) => hashTerm(store, terms[index]!)));
    expect(hashes.size).toBeGreaterThan(classes.size * 0.99); // few collisions between distinct terms
  });

  it('copies every term into flatSize words, exactly equal', () => {
    const failures: number[] = [];
    for (let i = 0; i < terms.length; i++) {
      const words = flatSize(store, terms[i]!);
      const writer = HeapWriter.allocate(store.arena, Math.max(words, 1), 'message');
      const copy = copyTerm(store, terms[i]!, writer);
      if (writer.used !== words || !exactEquals(store, copy, terms[i]!) || hex(termToBinary(store, copy)) !== hex(termToBinary(store, terms[i]!))) failures.push(i);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('flatSize equals erts_debug:flat_size where the layouts have the same word counts', () => {
    // Lists, non-empty tuples, non-empty flat maps and immediates take the same number of
    // words in this 32-bit layout as in OTP's 64-bit one; other types differ in word size
    // (floats, bignums, binaries, funs, refs, external pids) or OTP shares them as global
    // literals ({} and #{}'s keys).
    const sameWords = (term: number): boolean => {
      const stack = [term];
      while (stack.length > 0) {
        const t = stack.pop()!;
        const termType = termClass(store.arena.i32, t);
        if (termType === TermClass.list) stack.push(listHead(store.arena, t), listTail(store.arena, t));
        else if (termType === TermClass.tuple) {
          const arity = tupleArity(store.arena, t);
          if (arity === 0) return false;
          for (let i = 1; i <= arity; i++) stack.push(tupleElement(store.arena, t, i));
        } else if (termType === TermClass.map) {
          if (!isFlatMap(store.arena, t) || mapSize(store.arena, t) === 0) return false;
          const { keys, values } = mapEntries(store.arena, t);
          stack.push(...keys, ...values);
        } else if (!(termType === TermClass.atom || termType === TermClass.nil || (termType === TermClass.integer && isSmall(t)) || (termType === TermClass.pid && isLocalPid(t)) || (termType === TermClass.port && isLocalPort(t)))) {
          return false;
        }
      }
      return true;
    };
    let compared = 0;
    const failures: string[] = [];
    corpus.records.forEach((record, i) => {
      if (!sameWords(terms[i]!)) return;
      compared++;
      const ours = flatSize(store, terms[i]!);
      if (ours !== record.flatSize) failures.push(`#${i} ${record.text.slice(0, 60)}: erl ${record.flatSize}, ours ${ours}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect(compared).toBeGreaterThan(1_000);
  });

  it('phash2 equals erlang:phash2 on every term', () => {
    const failures: string[] = [];
    corpus.records.forEach((record, i) => {
      const ours = phash2(store, terms[i]!, 2 ** 32);
      if (ours !== record.phash2) failures.push(`#${i} ${record.text.slice(0, 60)}: erl ${record.phash2}, ours ${ours}`);
    });
    expect(failures.slice(0, 10)).toEqual([]);
  });

  it('converts every term to JS values and back', () => {
    const failures: number[] = [];
    for (let i = 0; i < terms.length; i++) {
      const value = termToValue(store, terms[i]!);
      const words = valueWords(store, value);
      const writer = HeapWriter.allocate(store.arena, Math.max(words, 1), 'heap');
      const back = valueToTerm(store, writer, value);
      if (!exactEquals(store, back, terms[i]!)) failures.push(i);
    }
    expect(failures.slice(0, 10)).toEqual([]);
  });
});
