import { describe, expect, it } from 'vitest';
import { encodeOperand } from '../src/compact/encode.js';
import { CompactReader, type Operand } from '../src/compact/decode.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').toUpperCase().match(/../g)!.join(' ');

describe('compact term encoding (beam_asm minimal forms)', () => {
  // Each row checked with beam_asm:encode/2 on OTP 25 (reference facts §3).
  const rows: Array<[Operand, string]> = [
    [{ kind: 'u', value: 15 }, 'F0'],
    [{ kind: 'u', value: 16 }, '08 10'],
    [{ kind: 'u', value: 2047 }, 'E8 FF'],
    [{ kind: 'u', value: 2048 }, '18 08 00'],
    [{ kind: 'u', value: 0xffffffff }, '78 00 FF FF FF FF'],
    [{ kind: 'i', value: 127 }, '09 7F'],
    [{ kind: 'i', value: 1000 }, '69 E8'],
    [{ kind: 'i', value: -1 }, '19 FF FF'],
    [{ kind: 'i', value: -32768 }, '19 80 00'],
    [{ kind: 'i', value: -32769 }, '39 FF 7F FF'],
    [{ kind: 'i', value: -70000 }, '39 FE EE 90'],
    [{ kind: 'i', value: 1n << 64n }, 'F9 00 01 00 00 00 00 00 00 00 00'],
    [{ kind: 'i', value: (1n << 128n) - 1n }, 'F9 80 00' + ' FF'.repeat(16)],
    [{ kind: 'x', value: 1023 }, '6B FF'],
    [{ kind: 'y', value: 16 }, '0C 10'],
    [{ kind: 'f', value: 0 }, '05'],
    [{ kind: 'a', value: 0 }, '02'],
    [{ kind: 'a', value: 1 }, '12'],
    [{ kind: 'literal', value: 0 }, '47 00'],
    [{ kind: 'fr', value: 2 }, '27 20'],
    [
      { kind: 'list', value: [{ kind: 'x', value: 0 }] },
      '17 10 03',
    ],
    [
      {
        kind: 'alloc',
        value: [
          { kind: 'words', count: 0 },
          { kind: 'floats', count: 1 },
          { kind: 'funs', count: 0 },
        ],
      },
      '37 30 00 00 10 10 20 00',
    ],
    [{ kind: 'tr', value: { kind: 'x', value: 0 }, typeIndex: 1 }, '57 03 10'],
  ];

  it.each(rows)('%o encodes as %s', (operand, expected) => {
    expect(hex(encodeOperand(operand))).toBe(expected);
  });

  it.each(rows)('%o decodes back from its encoding', (operand) => {
    const bytes = encodeOperand(operand);
    const reader = new CompactReader(bytes, 0, 0, 'Code');
    expect(reader.operand()).toEqual(operand);
    expect(reader.atEnd()).toBe(true);
  });

  it('round-trips every integer near the size boundaries', () => {
    const values: bigint[] = [];
    for (let bits = 0; bits <= 140; bits++) {
      const power = 1n << BigInt(bits);
      values.push(power - 1n, power, power + 1n, -power, -power - 1n, -power + 1n);
    }
    for (const value of values) {
      const normal = value >= -BigInt(Number.MAX_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
      const decoded = new CompactReader(encodeOperand({ kind: 'i', value: normal }), 0, 0, 'Code').operand();
      expect(BigInt(decoded.value as number | bigint)).toBe(value);
      if (value >= 0n) {
        const unsigned = new CompactReader(encodeOperand({ kind: 'u', value: normal }), 0, 0, 'Code').operand();
        expect(BigInt(unsigned.value as number | bigint)).toBe(value);
      }
    }
  });
});
