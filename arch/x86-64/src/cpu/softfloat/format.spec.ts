import { describe, expect, it } from 'vitest';
import {
  doubleBitsFromFields,
  fieldsFromDoubleBits,
  fieldsFromSingleBits,
  float32BitsOf,
  float64BitsOf,
  numberFromFloat32Bits,
  numberFromFloat64Bits,
  singleBitsFromFields,
} from './format.js';

describe('interchange formats', () => {
  it('unpacks binary64 with its implicit integer bit made explicit, and packs it back', () => {
    expect(fieldsFromDoubleBits(0xbff8000000000000n)).toEqual({ sign: 1, exponent: 0x3ff, significand: 0x18000000000000n });
    expect(fieldsFromDoubleBits(1n)).toEqual({ sign: 0, exponent: 0, significand: 1n });
    expect(doubleBitsFromFields(fieldsFromDoubleBits(0xfff4000000000001n))).toBe(0xfff4000000000001n);
  });

  it('unpacks and packs binary32', () => {
    expect(fieldsFromSingleBits(0x3fc00000)).toEqual({ sign: 0, exponent: 127, significand: 0xc00000n });
    expect(singleBitsFromFields(fieldsFromSingleBits(0xff800001))).toBe(0xff800001);
  });

  it('moves between numbers and their bits', () => {
    expect(float64BitsOf(-2)).toBe(0xc000000000000000n);
    expect(numberFromFloat64Bits(0x3ff8000000000000n)).toBe(1.5);
    expect(float32BitsOf(0.5)).toBe(0x3f000000);
    expect(numberFromFloat32Bits(0xbf800000)).toBe(-1);
  });
});
