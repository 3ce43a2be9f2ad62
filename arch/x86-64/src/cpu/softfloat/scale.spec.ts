import { describe, expect, it } from 'vitest';
import { extendedFromBits, extendedToBits } from './ExtendedFloat.js';
import { FloatFlag, x87Context } from './flags.js';
import { CaseRandom, EXTENDED_EDGES, hex80, randomExtendedBits, X87_CONTROL_WORDS } from './oracle/cases.js';
import { describeDisagreements, disagreementsWithHost } from './oracle/compareWithHost.js';
import { hostOracleUnavailableReason, hostSuiteTitle } from './oracle/hostOracle.js';
import { extendedExtract, extendedScale } from './scale.js';

const x = (bits: bigint) => extendedFromBits(bits);

describe('fscale', () => {
  it('multiplies by 2^trunc(ST(1))', () => {
    const ctx = x87Context(0x37f);
    const threePointSeven = x(0x4000ecccccccccccccccn);
    expect(extendedToBits(extendedScale(x(0x3fff8000000000000000n), threePointSeven, ctx))).toBe(0x40028000000000000000n);
    expect(ctx.flags).toBe(0);
  });

  it('rejects 0 × 2^+∞ and ∞ × 2^-∞ as invalid', () => {
    const ctx = x87Context(0x37f);
    expect(extendedToBits(extendedScale(x(0n), x(0x7fff8000000000000000n), ctx))).toBe(0xffffc000000000000000n);
    expect(ctx.flags).toBe(FloatFlag.invalid);
  });
});

describe('fxtract', () => {
  it('splits a value into its unbiased exponent and a significand in [1, 2)', () => {
    const ctx = x87Context(0x37f);
    const parts = extendedExtract(x(0xc005c000000000000000n), ctx); // -96
    expect(extendedToBits(parts.exponent)).toBe(0x4001c000000000000000n); // 6
    expect(extendedToBits(parts.significand)).toBe(0xbfffc000000000000000n); // -1.5
  });

  it('gives -∞ and ZE for a zero', () => {
    const ctx = x87Context(0x37f);
    const parts = extendedExtract(x(0x80000000000000000000n), ctx);
    expect(extendedToBits(parts.exponent)).toBe(0xffff8000000000000000n);
    expect(extendedToBits(parts.significand)).toBe(0x80000000000000000000n);
    expect(ctx.flags).toBe(FloatFlag.divideByZero);
  });
});

describe.skipIf(hostOracleUnavailableReason() !== undefined)(hostSuiteTitle('fscale and fxtract'), () => {
  const random = new CaseRandom(0x5eed0007);

  it('fscale on edge and random operands under every control word', () => {
    const lines: string[] = [];
    const scales = [...EXTENDED_EDGES];
    for (let i = 0; i < 40; i++) {
      const exponent = 0x3fff + random.below(20);
      scales.push((BigInt((random.below(2) << 15) | exponent) << 64n) | (1n << 63n) | random.bits64());
    }
    for (const cw of X87_CONTROL_WORDS)
      for (const a of EXTENDED_EDGES) for (const b of scales) if (random.below(4) === 0) lines.push(`fscale ${cw.toString(16)} ${hex80(a)} ${hex80(b)}`);
    for (let i = 0; i < 4000; i++) {
      lines.push(`fscale ${random.pick(X87_CONTROL_WORDS).toString(16)} ${hex80(randomExtendedBits(random))} ${hex80(random.pick(scales))}`);
    }
    const disagreements = disagreementsWithHost(lines);
    expect(disagreements.length, describeDisagreements(disagreements, lines.length)).toBe(0);
  });

  it('fxtract on edge and random operands', () => {
    const values = [...EXTENDED_EDGES, ...Array.from({ length: 2000 }, () => randomExtendedBits(random))];
    const lines = values.map((a) => `fxtract 37f ${hex80(a)}`);
    const disagreements = disagreementsWithHost(lines);
    expect(disagreements.length, describeDisagreements(disagreements, lines.length)).toBe(0);
  });
});
