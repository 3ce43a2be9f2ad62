import { describe, expect, it } from 'vitest';
import {
  decodeExtended,
  encodeExtended,
  extendedFromBits,
  extendedToBits,
  isExtendedDenormal,
  isExtendedNaN,
  isExtendedPseudoDenormal,
  isExtendedSignalingNaN,
  isExtendedUnsupported,
  realIndefinite,
} from './ExtendedFloat.js';

describe('ExtendedFloat', () => {
  it('encodes 1.0 as the x87 stores it: significand little-endian, then sign and exponent', () => {
    const bytes = new Uint8Array(12);
    encodeExtended({ sign: 0, exponent: 0x3fff, significand: 1n << 63n }, bytes, 1);
    expect([...bytes]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0x3f, 0]);
    expect(decodeExtended(bytes, 1)).toEqual({ sign: 0, exponent: 0x3fff, significand: 1n << 63n });
  });

  it('round-trips the sign bit and a full significand through bytes and bits', () => {
    const value = extendedFromBits(0xc123fedcba9876543210n);
    const bytes = new Uint8Array(10);
    encodeExtended(value, bytes);
    expect(extendedToBits(decodeExtended(bytes))).toBe(0xc123fedcba9876543210n);
  });

  it('classifies the encodings the x87 treats specially', () => {
    expect(extendedToBits(realIndefinite())).toBe(0xffffc000000000000000n);
    expect(isExtendedNaN(realIndefinite())).toBe(true);
    expect(isExtendedSignalingNaN(extendedFromBits(0x7fff8000000000000001n))).toBe(true);
    expect(isExtendedNaN(extendedFromBits(0x7fff4000000000000000n))).toBe(false); // pseudo-NaN
    expect(isExtendedUnsupported(extendedFromBits(0x7fff4000000000000000n))).toBe(true);
    expect(isExtendedUnsupported(extendedFromBits(0x3fff0000000000000001n))).toBe(true); // unnormal
    expect(isExtendedPseudoDenormal(extendedFromBits(0x00008000000000000000n))).toBe(true);
    expect(isExtendedDenormal(extendedFromBits(0x00000000000000000001n))).toBe(true);
  });
});
