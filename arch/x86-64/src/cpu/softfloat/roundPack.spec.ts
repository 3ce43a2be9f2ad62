import { describe, expect, it } from 'vitest';
import { FloatFlag, RoundingMode, type FloatContext } from './flags.js';
import { DOUBLE, EXTENDED, SINGLE } from './format.js';
import { roundPack, roundToInteger } from './roundPack.js';

const context = (rounding: RoundingMode, extra: Partial<FloatContext> = {}): FloatContext => ({
  rounding,
  precision: 64,
  flags: 0,
  c1: 0,
  ...extra,
});

describe('roundPack', () => {
  it('rounds (1 + 2^-24 + sticky) in binary32 per mode, reporting PE and whether the magnitude grew', () => {
    const significand = (1n << 24n) | 1n; // 1 + 2^-24 at exponent -24: exactly half an ulp above 1
    const nearest = context(RoundingMode.nearest);
    expect(roundPack(0, significand, -24, true, SINGLE, nearest)).toEqual({ sign: 0, exponent: 127, significand: (1n << 23n) + 1n });
    expect(nearest.flags).toBe(FloatFlag.precision);
    expect(nearest.c1).toBe(1);
    const tie = context(RoundingMode.nearest);
    expect(roundPack(0, significand, -24, false, SINGLE, tie).significand).toBe(1n << 23n);
    expect(tie.c1).toBe(0);
    const down = context(RoundingMode.down);
    expect(roundPack(1, significand, -24, false, SINGLE, down).significand).toBe((1n << 23n) + 1n);
  });

  it('applies the x87 precision control within the extended exponent range', () => {
    const ctx = context(RoundingMode.towardZero);
    const result = roundPack(0, (1n << 64n) - 1n, 0, false, EXTENDED, ctx, 24);
    expect(result).toEqual({ sign: 0, exponent: 0x3fff + 63, significand: 0xffffff0000000000n });
  });

  it('overflows to infinity or to the largest finite value depending on the direction', () => {
    const up = context(RoundingMode.up);
    expect(roundPack(1, 1n, 1024, false, DOUBLE, up)).toEqual({ sign: 1, exponent: 0x7fe, significand: (1n << 53n) - 1n });
    expect(up.flags).toBe(FloatFlag.overflow | FloatFlag.precision);
    const nearest = context(RoundingMode.nearest);
    expect(roundPack(0, 1n, 1024, false, DOUBLE, nearest)).toEqual({ sign: 0, exponent: 0x7ff, significand: 1n << 52n });
  });

  it('signals underflow only for tiny inexact results, tininess judged after rounding', () => {
    const exactTiny = context(RoundingMode.nearest);
    expect(roundPack(0, 1n, -1074, false, DOUBLE, exactTiny)).toEqual({ sign: 0, exponent: 0, significand: 1n });
    expect(exactTiny.flags).toBe(0);
    const roundsToNormal = context(RoundingMode.nearest);
    // (2^53 − 1/4) × 2^-1075: tiny before rounding, 2^-1022 after.
    expect(roundPack(0, (1n << 55n) - 1n, -1077, false, DOUBLE, roundsToNormal)).toEqual({ sign: 0, exponent: 1, significand: 1n << 52n });
    expect(roundsToNormal.flags).toBe(FloatFlag.precision);
  });

  it('flushes every tiny result to zero under FTZ', () => {
    const ctx = context(RoundingMode.nearest, { flushToZero: true });
    expect(roundPack(1, 1n, -1074, false, DOUBLE, ctx)).toEqual({ sign: 1, exponent: 0, significand: 0n });
    expect(ctx.flags).toBe(FloatFlag.underflow | FloatFlag.precision);
  });
});

describe('roundToInteger', () => {
  it('rounds halves to even and tiny values by direction only', () => {
    expect(roundToInteger(0, 5n, -1, RoundingMode.nearest)).toEqual({ magnitude: 2n, inexact: true, roundedUp: false });
    expect(roundToInteger(0, 7n, -1, RoundingMode.nearest)).toEqual({ magnitude: 4n, inexact: true, roundedUp: true });
    expect(roundToInteger(1, 1n, -5000, RoundingMode.down)).toEqual({ magnitude: 1n, inexact: true, roundedUp: true });
    expect(roundToInteger(0, 3n, 2, RoundingMode.up)).toEqual({ magnitude: 12n, inexact: false, roundedUp: false });
  });
});
