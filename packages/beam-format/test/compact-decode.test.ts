import { describe, expect, it } from 'vitest';
import { CompactReader, decodeCompactTerm, type Operand } from '../src/compact/decode.js';
import { BOXED, OperandSlots, SlotKind, UNTYPED } from '../src/compact/operand-slots.js';
import { BeamFormatError } from '../src/errors.js';

function decodeAll(bytes: number[]): Operand[] {
  const reader = new CompactReader(new Uint8Array(bytes), 0, 0, 'Code');
  const operands: Operand[] = [];
  while (!reader.atEnd()) operands.push(reader.operand());
  return operands;
}

function one(bytes: number[]): Operand {
  const operands = decodeAll(bytes);
  expect(operands).toHaveLength(1);
  return operands[0]!;
}

function thrown(action: () => unknown): BeamFormatError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(BeamFormatError);
    return error as BeamFormatError;
  }
  throw new Error('expected a BeamFormatError');
}

describe('compact term sizes (beam_asm:encode/2 output)', () => {
  it.each([
    ['u15', [0xf0], { kind: 'u', value: 15 }],
    ['u16', [0x08, 0x10], { kind: 'u', value: 16 }],
    ['u2047', [0xe8, 0xff], { kind: 'u', value: 2047 }],
    ['u2048', [0x18, 0x08, 0x00], { kind: 'u', value: 2048 }],
    ['u 2^32-1 with a leading 00', [0x78, 0x00, 0xff, 0xff, 0xff, 0xff], { kind: 'u', value: 4294967295 }],
    ['i127', [0x09, 0x7f], { kind: 'i', value: 127 }],
    ['i1000', [0x69, 0xe8], { kind: 'i', value: 1000 }],
    ['i-1', [0x19, 0xff, 0xff], { kind: 'i', value: -1 }],
    ['i-32768', [0x19, 0x80, 0x00], { kind: 'i', value: -32768 }],
    ['i-32769', [0x39, 0xff, 0x7f, 0xff], { kind: 'i', value: -32769 }],
    ['i 2^64', [0xf9, 0x00, 0x01, ...new Array(8).fill(0)], { kind: 'i', value: 2n ** 64n }],
    ['i 2^128-1', [0xf9, 0x80, 0x00, ...new Array(16).fill(0xff)], { kind: 'i', value: 2n ** 128n - 1n }],
    ['x1023', [0x6b, 0xff], { kind: 'x', value: 1023 }],
    ['y16', [0x0c, 0x10], { kind: 'y', value: 16 }],
    ['f0 (no fail label)', [0x05], { kind: 'f', value: 0 }],
    ['a0 ([])', [0x02], { kind: 'a', value: 0 }],
  ])('%s', (_name, bytes, expected) => {
    expect(one(bytes)).toEqual(expected);
  });

  it('keeps integers up to 2^53 as numbers and beyond as bigint', () => {
    // 7 bytes: 2^53 - 1 and 2^53
    expect(one([0xb9, 0x1f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])).toEqual({ kind: 'i', value: 2 ** 53 - 1 });
    expect(one([0xb9, 0x20, 0, 0, 0, 0, 0, 0])).toEqual({ kind: 'i', value: 2n ** 53n });
    expect(one([0xb9, 0xe0, 0, 0, 0, 0, 0, 0])).toEqual({ kind: 'i', value: -(2n ** 53n) });
  });

  it('accepts non-minimal forms', () => {
    expect(one([0x18, 0x00, 0x05])).toEqual({ kind: 'u', value: 5 });
    expect(one([0x09, 0x03])).toEqual({ kind: 'i', value: 3 });
  });

  it('refuses the h (character) tag, which ERTS refuses too', () => {
    expect(() => one([0x46])).toThrow(expect.objectContaining({ code: 'bad_compact_term', offset: 0 }));
  });
});

describe('extended tags', () => {
  it('z0 float', () => {
    const bytes = new Uint8Array(9);
    bytes[0] = 0x07;
    new DataView(bytes.buffer).setFloat64(1, -2.5);
    expect(one(Array.from(bytes))).toEqual({ kind: 'float', value: -2.5 });
  });

  it('z1 list with its elements', () => {
    expect(one([0x17, 0x30, 0x03, 0x12, 0x19, 0xff, 0xff])).toEqual({
      kind: 'list',
      value: [
        { kind: 'x', value: 0 },
        { kind: 'a', value: 1 },
        { kind: 'i', value: -1 },
      ],
    });
  });

  it('z2 float register, z4 literal, z5 typed register', () => {
    expect(one([0x27, 0x30])).toEqual({ kind: 'fr', value: 3 });
    expect(one([0x47, 0x08, 0x10])).toEqual({ kind: 'literal', value: 16 });
    expect(one([0x57, 0x14, 0x50])).toEqual({ kind: 'tr', value: { kind: 'y', value: 1 }, typeIndex: 5 });
  });

  it('z3 allocation list', () => {
    expect(one([0x37, 0x30, 0x00, 0x00, 0x10, 0x10, 0x20, 0x00])).toEqual({
      kind: 'alloc',
      value: [
        { kind: 'words', count: 0 },
        { kind: 'floats', count: 1 },
        { kind: 'funs', count: 0 },
      ],
    });
  });
});

describe('worked examples (OTP 25 compiler output)', () => {
  it('func_info a1 a2 u1', () => {
    expect(decodeAll([0x12, 0x22, 0x10])).toEqual([
      { kind: 'a', value: 1 },
      { kind: 'a', value: 2 },
      { kind: 'u', value: 1 },
    ]);
  });

  it('is_lt f3 i5 z5(x0, type 1)', () => {
    expect(decodeAll([0x35, 0x51, 0x57, 0x03, 0x10])).toEqual([
      { kind: 'f', value: 3 },
      { kind: 'i', value: 5 },
      { kind: 'tr', value: { kind: 'x', value: 0 }, typeIndex: 1 },
    ]);
  });

  it('move i-70000 x0', () => {
    expect(decodeAll([0x39, 0xfe, 0xee, 0x90, 0x03])).toEqual([
      { kind: 'i', value: -70000 },
      { kind: 'x', value: 0 },
    ]);
  });

  it('put_tuple2 x0 with a 13-byte integer in its list', () => {
    const big = [0x01, 0x8e, 0xe9, 0x0f, 0xf6, 0xc3, 0x73, 0xe0, 0xee, 0x4e, 0x3f, 0x0a, 0xd2];
    expect(decodeAll([0x03, 0x17, 0x20, 0x03, 0xf9, 0x40, ...big])).toEqual([
      { kind: 'x', value: 0 },
      {
        kind: 'list',
        value: [
          { kind: 'x', value: 0 },
          { kind: 'i', value: 123456789012345678901234567890n },
        ],
      },
    ]);
  });

  it('select_val x0 f36 [i1 f34 ...]', () => {
    const operands = decodeAll([0x03, 0x0d, 0x24, 0x17, 0x40, 0x11, 0x0d, 0x22, 0x21, 0x0d, 0x23]);
    expect(operands.slice(0, 2)).toEqual([
      { kind: 'x', value: 0 },
      { kind: 'f', value: 36 },
    ]);
    expect(operands[2]).toEqual({
      kind: 'list',
      value: [
        { kind: 'i', value: 1 },
        { kind: 'f', value: 34 },
        { kind: 'i', value: 2 },
        { kind: 'f', value: 35 },
      ],
    });
  });

  it('test_heap with an allocation list', () => {
    expect(decodeAll([0x37, 0x30, 0x00, 0x00, 0x10, 0x10, 0x20, 0x00, 0x00])[1]).toEqual({ kind: 'u', value: 0 });
  });

  it('bs_get_integer2 f11 x0 u2 i16 u1 u6 x2', () => {
    expect(decodeAll([0xb5, 0x03, 0x20, 0x09, 0x10, 0x10, 0x60, 0x23])).toEqual([
      { kind: 'f', value: 11 },
      { kind: 'x', value: 0 },
      { kind: 'u', value: 2 },
      { kind: 'i', value: 16 },
      { kind: 'u', value: 1 },
      { kind: 'u', value: 6 },
      { kind: 'x', value: 2 },
    ]);
  });

  it('make_fun3 u0 x0 [x0]', () => {
    expect(decodeAll([0x00, 0x03, 0x17, 0x10, 0x03])).toEqual([
      { kind: 'u', value: 0 },
      { kind: 'x', value: 0 },
      { kind: 'list', value: [{ kind: 'x', value: 0 }] },
    ]);
  });

  it('bs_create_bin f0 u0 u1 u1 x0 [a20 u1 u1 nil z5(x0,5) a8]', () => {
    const operands = decodeAll([0x05, 0x00, 0x10, 0x10, 0x03, 0x17, 0x60, 0x0a, 0x14, 0x10, 0x10, 0x02, 0x57, 0x03, 0x50, 0x82]);
    expect(operands[5]).toEqual({
      kind: 'list',
      value: [
        { kind: 'a', value: 20 },
        { kind: 'u', value: 1 },
        { kind: 'u', value: 1 },
        { kind: 'a', value: 0 },
        { kind: 'tr', value: { kind: 'x', value: 0 }, typeIndex: 5 },
        { kind: 'a', value: 8 },
      ],
    });
  });
});

describe('bad compact terms', () => {
  it('refuses an unknown extended tag with its absolute offset', () => {
    const reader = new CompactReader(new Uint8Array([0x00, 0x67]), 1, 1000, 'Code');
    const error = thrown(() => reader.operand());
    expect(error.code).toBe('bad_compact_term');
    expect(error.offset).toBe(1001);
    expect(error.chunk).toBe('Code');
  });

  it('refuses an extended tag byte with bit 3 set', () => {
    expect(thrown(() => decodeCompactTerm(new Uint8Array([0x0f]))).code).toBe('bad_compact_term');
  });

  it('refuses an allocation kind other than words/floats/funs', () => {
    expect(thrown(() => decodeCompactTerm(new Uint8Array([0x37, 0x10, 0x30, 0x00]))).code).toBe('bad_compact_term');
  });

  it('refuses a typed register that holds no register', () => {
    expect(thrown(() => decodeCompactTerm(new Uint8Array([0x57, 0x02, 0x00]))).code).toBe('bad_compact_term');
  });

  it('refuses a register too large for a number', () => {
    expect(thrown(() => decodeCompactTerm(new Uint8Array([0xfb, 0x00, 1, 0, 0, 0, 0, 0, 0, 0, 0]))).code).toBe('bad_compact_term');
  });

  it('reports truncation at every cut of a multi-byte value', () => {
    const bytes = [0xf9, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let length = 1; length < bytes.length; length++) {
      const error = thrown(() => decodeCompactTerm(new Uint8Array(bytes.slice(0, length))));
      expect(error.code).toBe('truncated');
    }
  });

  it('refuses a list that claims more elements than bytes left, before allocating', () => {
    const error = thrown(() => decodeCompactTerm(new Uint8Array([0x17, 0x78, 0x7f, 0xff, 0xff, 0xff, 0x03])));
    expect(error.code).toBe('truncated');
    expect(error.offset).toBe(0);
  });

  it('refuses a long integer whose length is not a u', () => {
    expect(thrown(() => decodeCompactTerm(new Uint8Array([0xf9, 0x01, 0x00]))).code).toBe('bad_compact_term');
  });
});

describe('flat operand slots (CompactReader.readOperand)', () => {
  function slotsOf(bytes: number[]): OperandSlots {
    const slots = new OperandSlots();
    slots.clear(1);
    new CompactReader(new Uint8Array(bytes), 0, 0, 'Code').readOperand(slots, 0);
    return slots;
  }

  it('stores plain tags as (kind, value) with no side table', () => {
    const slots = slotsOf([0x6b, 0xff]); // x1023
    expect([slots.kind(0), slots.value(0), slots.aux(0)]).toEqual([SlotKind.x, 1023, UNTYPED]);
    expect(slots.numbers).toEqual([]);
  });

  it('boxes values that do not fit an int32, and keeps them exact', () => {
    const big = slotsOf([0xf9, 0x00, 0x01, ...new Array(8).fill(0)]); // i 2^64
    expect(big.kind(0)).toBe(SlotKind.i | BOXED);
    expect(big.number(0)).toBe(2n ** 64n);
    const wide = slotsOf([0x78, 0x00, 0xff, 0xff, 0xff, 0xff]); // u 2^32-1
    expect(wide.kind(0)).toBe(SlotKind.u | BOXED);
    expect(wide.number(0)).toBe(4294967295);
    const negative = slotsOf([0x39, 0xff, 0x7f, 0xff]); // i -32769 fits
    expect([negative.kind(0), negative.value(0)]).toEqual([SlotKind.i, -32769]);
  });

  it('keeps a typed register as its register with the type index beside it', () => {
    const slots = slotsOf([0x57, 0x14, 0x50]);
    expect([slots.kind(0), slots.value(0), slots.aux(0)]).toEqual([SlotKind.y, 1, 5]);
  });

  it('puts list elements in consecutive later slots', () => {
    // z1 list of 3: a1, f2, x3
    const slots = slotsOf([0x17, 0x30, 0x12, 0x25, 0x33]);
    expect([slots.kind(0), slots.value(0), slots.aux(0)]).toEqual([SlotKind.list, 1, 3]);
    expect([1, 2, 3].map((s) => [slots.kind(s), slots.value(s)])).toEqual([
      [SlotKind.a, 1],
      [SlotKind.f, 2],
      [SlotKind.x, 3],
    ]);
  });

  it('turns every slot back into the object operand() returns', () => {
    for (const bytes of [
      [0x17, 0x30, 0x12, 0x25, 0x33],
      [0x37, 0x20, 0x00, 0x30, 0x10, 0x20],
      [0x57, 0x14, 0x50],
      [0xf9, 0x80, 0x00, ...new Array(16).fill(0xff)],
      [0x07, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18],
    ]) {
      expect(slotsOf(bytes).toOperand(0)).toEqual(one(bytes));
    }
  });
});
