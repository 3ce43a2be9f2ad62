import { describe, expect, it } from 'vitest';
import { extendedFromInteger, extendedFromNumber, extendedToBits, type FloatContext } from '../../softfloat/index.js';
import { PACKED_BCD_INDEFINITE, packedBcdOf, packedBcdValue } from './packedBcd.js';

function context(rounding: 0 | 1 | 2 | 3 = 0): FloatContext {
  return { rounding, precision: 64, flags: 0, c1: 0 };
}

describe('packed BCD', () => {
  it('should read eighteen digits and the sign', () => {
    expect(extendedToBits(packedBcdValue(0x123456789012345678n))).toBe(extendedToBits(extendedFromInteger(123456789012345678n)));
    expect(extendedToBits(packedBcdValue(0x80000000000000000042n))).toBe(extendedToBits(extendedFromNumber(-42)));
    expect(extendedToBits(packedBcdValue(0x80000000000000000000n))).toBe(extendedToBits(extendedFromNumber(-0)));
  });

  it('should round to an integer with RC and store its digits', () => {
    const ctx = context();
    expect(packedBcdOf(extendedFromNumber(-2.5), ctx)).toBe(0x80000000000000000002n);
    expect([ctx.flags, ctx.c1]).toEqual([0x20, 0]);
    expect(packedBcdOf(extendedFromNumber(2.5), context(2))).toBe(3n);
    expect(packedBcdOf(extendedFromNumber(-0.25), context())).toBe(0x80000000000000000000n);
  });

  it('should give the BCD indefinite and IE beyond eighteen digits and for NaNs', () => {
    const ctx = context();
    expect(packedBcdOf(extendedFromNumber(1e18), ctx)).toBe(PACKED_BCD_INDEFINITE);
    expect(ctx.flags).toBe(0x01);
    expect(packedBcdOf(extendedFromNumber(Number.NaN), context())).toBe(PACKED_BCD_INDEFINITE);
  });
});
