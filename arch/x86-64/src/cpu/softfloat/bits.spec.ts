import { describe, expect, it } from 'vitest';
import { bitLength, integerSquareRoot, lowBitsMask } from './bits.js';

describe('bit helpers', () => {
  it('measures bit lengths across the 32- and 64-bit boundaries', () => {
    expect([0n, 1n, 0xffffffffn, 1n << 32n, (1n << 64n) - 1n, 1n << 200n].map(bitLength)).toEqual([0, 1, 32, 33, 64, 201]);
  });

  it('takes floor square roots and low masks', () => {
    expect(integerSquareRoot(99n)).toBe(9n);
    expect(integerSquareRoot(1n << 130n)).toBe(1n << 65n);
    expect(integerSquareRoot((1n << 130n) - 1n)).toBe((1n << 65n) - 1n);
    expect(lowBitsMask(4)).toBe(15n);
  });
});
