import { describe, expect, it } from 'vitest';
import { extendedFromBits, extendedFromInteger, extendedScale, extendedToBits, type FloatContext, x87Arithmetic } from '../../softfloat/index.js';
import { X87State } from '../../state/X87State.js';
import { adjustedArithmetic, adjustedExact, adjustedScale, biasAdjustment } from './wrap.js';

const x = extendedFromBits;

function context(rounding: 0 | 2 = 0): FloatContext {
  return { rounding, precision: 64, flags: 0, c1: 0 };
}

/** The result an operation stores under `control` (RC nearest or up), and its flags, as the host gives them. */
function adjusted(control: number, op: 'multiply' | 'add' | 'divide', a: bigint, b: bigint): [bigint, number] {
  const x87 = new X87State();
  x87.control = control;
  const ctx = context(((control >> 10) & 3) as 0 | 2);
  const masked = x87Arithmetic(op, x(a), x(b), ctx);
  const delta = biasAdjustment(x87, masked, ctx.flags);
  const result = delta === 0 ? masked : (adjustedArithmetic(op, x(a), x(b), delta, ctx) ?? masked);
  return [extendedToBits(result), ctx.flags];
}

describe('the unmasked overflow and underflow results', () => {
  it('should subtract 24576 from the exponent of an overflowing product, without PE when exact', () => {
    expect(adjusted(0x0377, 'multiply', 0x7ffe8000000000000000n, 0x7ffe8000000000000000n)).toEqual([0x5ffd8000000000000000n, 0x08]);
  });

  it('should add 24576 to a tiny product, exact or not', () => {
    expect(adjusted(0x036f, 'multiply', 0x00018000000000000000n, 0x00018000000000000000n)).toEqual([0x20038000000000000000n, 0x10]);
    expect(adjusted(0x036f, 'multiply', 0x00018000000000000001n, 0x3ffe8000000000000000n)).toEqual([0x60008000000000000001n, 0x10]);
  });

  it('should keep an operand far below the other as a sticky bit of an overflowing sum', () => {
    expect(adjusted(0x0b77, 'add', 0x7ffeffffffffffffffffn, 0x00018000000000000000n)).toEqual([0x1fff8000000000000000n, 0x28]);
  });

  it('should scale an exact tiny remainder', () => {
    const ctx = context();
    const result = adjustedExact(x(0x00000000000000000001n), 24576, ctx);
    expect([extendedToBits(result), ctx.flags]).toEqual([0x5fc28000000000000000n, 0x10]);
  });

  it('should store a zero or an infinity, inexact, when the scale goes beyond what the adjustment brings back', () => {
    const scaledBy = (control: number, x: bigint, scale: bigint): [bigint, number, number] => {
      const x87 = new X87State();
      x87.control = control;
      const ctx = context(((control >> 10) & 3) as 0 | 2);
      const masked = extendedScale(extendedFromBits(x), extendedFromInteger(scale), ctx);
      const result = adjustedScale(extendedFromBits(x), extendedFromInteger(scale), biasAdjustment(x87, masked, ctx.flags), ctx);
      return [extendedToBits(result), ctx.flags, ctx.c1];
    };
    const ONE_AND_HALF = 0x3fffc000000000000000n;
    expect(scaledBy(0x0b67, ONE_AND_HALF, -40958n)).toEqual([0x0001c000000000000000n, 0x10, 0]);
    expect(scaledBy(0x0b67, ONE_AND_HALF, -40959n)).toEqual([0n, 0x30, 0]);
    expect(scaledBy(0x0b67, ONE_AND_HALF | (1n << 79n), -(10n ** 18n))).toEqual([1n << 79n, 0x30, 0]);
    expect(scaledBy(0x0367, ONE_AND_HALF, 40959n)).toEqual([0x7ffec000000000000000n, 0x08, 0]);
    expect(scaledBy(0x0367, ONE_AND_HALF, 40960n)).toEqual([0x7fff8000000000000000n, 0x28, 1]);
  });

  it('should leave masked or untouched results alone', () => {
    const x87 = new X87State();
    expect(biasAdjustment(x87, x(0x7fff8000000000000000n), 0x28)).toBe(0);
    x87.control = 0x036f;
    expect(biasAdjustment(x87, x(0x3fff8000000000000000n), 0x20)).toBe(0);
    expect(biasAdjustment(x87, x(0x00000000000000000001n), 0)).toBe(24576);
  });
});
