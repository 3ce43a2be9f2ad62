import { describe, expect, it } from 'vitest';
import { extendedFromBits } from './ExtendedFloat.js';
import { DOUBLE, EXTENDED, fieldsFromDoubleBits } from './format.js';
import { readOperand } from './operand.js';

describe('operands', () => {
  it('normalise denormals so that bit 63 is set, keeping the value', () => {
    const operand = readOperand(fieldsFromDoubleBits(1n), DOUBLE);
    expect(operand).toMatchObject({ kind: 'denormal', significand: 1n << 63n, exponent: -1074 - 63 });
  });

  it('read a pseudo-denormal with the exponent it stands for (1, not 0)', () => {
    const operand = readOperand(extendedFromBits(0x00008000000000000000n), EXTENDED);
    expect(operand).toMatchObject({ kind: 'denormal', significand: 1n << 63n, exponent: 1 - 0x3fff - 63 });
  });

  it('read denormals as zeros under DAZ, and unnormals as unsupported', () => {
    expect(readOperand(fieldsFromDoubleBits(0x8000000000000001n), DOUBLE, true)).toMatchObject({ kind: 'zero', sign: 1 });
    expect(readOperand(extendedFromBits(0x40000000000000000001n), EXTENDED).kind).toBe('unsupported');
  });
});
