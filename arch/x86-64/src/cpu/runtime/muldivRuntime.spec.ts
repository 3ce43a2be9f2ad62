import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CpuTrap } from '../CpuTrap.js';
import { X86RegisterFile } from '../state/X86RegisterFile.js';
import { muldivRuntime } from './muldivRuntime.js';

// The arithmetic identities of the 128-bit helpers, checked against BigInt over many operands
// (the host comparisons are in test/isa/groups/muldiv.spec.ts). Operands are drawn with every
// magnitude, since each limb and digit path of the helpers starts at a different size.

const SEED = 0x128;
const { multiply128, product, divide } = muldivRuntime;

/** A 64-bit value of any magnitude: a random value shifted right by a random amount, sometimes negated. */
const anySize = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.integer({ min: 0, max: 64 }), fc.boolean()).map(([v, shift, negate]) => BigInt.asUintN(64, negate ? -(v >> BigInt(shift)) : v >> BigInt(shift)));

const halves = (v: bigint): [number, number] => [Number(BigInt.asIntN(32, v)), Number(BigInt.asIntN(32, v >> 32n))];

function productValue(): bigint {
  return [0, 1, 2, 3].reduce((acc, i) => acc | (BigInt(product[i]! >>> 0) << BigInt(32 * i)), 0n);
}

describe('multiply128', () => {
  it('should give the exact 128-bit product, unsigned and signed', () => {
    fc.assert(
      fc.property(anySize, anySize, fc.boolean(), (a, b, signed) => {
        multiply128(...halves(a), ...halves(b), signed);
        const exact = signed ? BigInt.asIntN(64, a) * BigInt.asIntN(64, b) : a * b;
        expect(productValue()).toBe(BigInt.asUintN(128, exact));
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });
});

/** Runs DIV/IDIV r64 on RDX:RAX = dividend (two's complement) and returns [rax, rdx], or undefined when it raised #DE. */
function divide64(dividend: bigint, divisor: bigint, signed: boolean): [bigint, bigint] | undefined {
  const s = new X86RegisterFile();
  const wide = BigInt.asUintN(128, dividend);
  s.write('rdx', wide >> 64n);
  s.write('rax', wide & 0xffff_ffff_ffff_ffffn);
  try {
    divide(s, 64, signed, ...halves(divisor), 0x1000);
  } catch (error) {
    if (!(error instanceof CpuTrap)) throw error;
    expect(s.read('rdx') === wide >> 64n && s.read('rax') === (wide & 0xffff_ffff_ffff_ffffn)).toBe(true);
    return undefined;
  }
  return [s.read('rax'), s.read('rdx')];
}

describe('divide', () => {
  it('should divide 128 by 64 bits exactly when the quotient fits, unsigned and signed', () => {
    fc.assert(
      fc.property(anySize, anySize, anySize, fc.boolean(), (q, d, r, signed) => {
        fc.pre(d !== 0n);
        const divisor = signed ? BigInt.asIntN(64, d) : d;
        const quotient = signed ? BigInt.asIntN(64, q) : q;
        const magnitude = divisor < 0n ? -divisor : divisor;
        const negative = quotient * divisor < 0n || (quotient === 0n && signed && r % 2n === 1n);
        const remainder = (r % magnitude) * (negative ? -1n : 1n);
        const dividend = quotient * divisor + remainder;
        expect(divide64(dividend, d, signed)).toEqual([BigInt.asUintN(64, quotient), BigInt.asUintN(64, remainder)]);
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });

  it('should raise #DE, changing nothing, exactly when the divisor is 0 or the quotient does not fit', () => {
    fc.assert(
      fc.property(anySize, anySize, anySize, fc.boolean(), (high, low, d, signed) => {
        const dividend = signed ? BigInt.asIntN(128, (high << 64n) | low) : (high << 64n) | low;
        const divisor = signed ? BigInt.asIntN(64, d) : d;
        const quotient = divisor === 0n ? undefined : dividend / divisor;
        const fits = quotient !== undefined && (signed ? BigInt.asIntN(64, quotient) === quotient : BigInt.asUintN(64, quotient) === quotient);
        expect(divide64(dividend, d, signed) !== undefined).toBe(fits);
      }),
      { seed: SEED, numRuns: 5000 },
    );
  });
});
