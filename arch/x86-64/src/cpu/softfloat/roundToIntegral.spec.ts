import { describe, expect, it } from 'vitest';
import { extendedFromBits, extendedToBits } from './ExtendedFloat.js';
import { FloatFlag, sseContext, x87Context } from './flags.js';
import { CaseRandom, DOUBLE_OPERANDS, EXTENDED_OPERANDS, hex80, MXCSR_VALUES, SINGLE_OPERANDS, X87_CONTROL_WORDS } from './oracle/cases.js';
import { describeAgainstHost, expectAgreementWithHost } from './oracle/hostSuite.js';
import { doubleRoundToIntegral, extendedRoundToIntegral } from './roundToIntegral.js';

describe('round to integral', () => {
  it('frndint rounds with RC and keeps the sign of a zero result', () => {
    const minusAQuarter = extendedFromBits(0xbffd8000000000000000n);
    const ctx = x87Context(0x37f);
    expect(extendedToBits(extendedRoundToIntegral(minusAQuarter, ctx))).toBe(0x80000000000000000000n);
    expect(ctx.flags).toBe(FloatFlag.precision);
    const down = x87Context(0x77f);
    expect(extendedToBits(extendedRoundToIntegral(minusAQuarter, down))).toBe(0xbfff8000000000000000n);
    expect(down.c1).toBe(1);
  });

  it('roundsd takes its mode from the immediate unless bit 2 defers to MXCSR, and bit 3 suppresses PE', () => {
    const ctx = sseContext(0x1f80 | (2 << 13));
    expect(doubleRoundToIntegral(0x3ff8000000000000n, 0x01, ctx)).toBe(0x3ff0000000000000n); // floor(1.5)
    expect(doubleRoundToIntegral(0x3ff8000000000000n, 0x04, ctx)).toBe(0x4000000000000000n); // MXCSR: up
    expect(ctx.flags).toBe(FloatFlag.precision);
    const quiet = sseContext(0x1f80);
    expect(doubleRoundToIntegral(0x3ff8000000000000n, 0x08, quiet)).toBe(0x4000000000000000n); // ties to even
    expect(quiet.flags).toBe(0);
  });
});

describeAgainstHost('round to integral', () => {
  const random = new CaseRandom(0x5eed0003);

  it('frndint under every control word', () => {
    const values = EXTENDED_OPERANDS.edgesAndRandom(random, 400);
    for (let i = 0; i < 400; i++) {
      const exponent = 0x3ffd + random.below(66);
      values.push(hex80((BigInt((random.below(2) << 15) | exponent) << 64n) | (1n << 63n) | random.bits64()));
    }
    const lines = X87_CONTROL_WORDS.flatMap((cw) => values.map((a) => `frndint ${cw.toString(16)} ${a}`));
    expectAgreementWithHost(lines);
  });

  it('roundsd/roundss with every immediate mode under every MXCSR', () => {
    const lines: string[] = [];
    const immediates = [0, 1, 2, 3, 4, 8, 9, 10, 11, 12];
    for (const mxcsr of MXCSR_VALUES) {
      const m = mxcsr.toString(16);
      for (const d of DOUBLE_OPERANDS.edgesAndRandom(random, 60)) for (const imm of immediates) lines.push(`roundsd ${m} ${imm.toString(16)} ${d}`);
      for (const s of SINGLE_OPERANDS.edgesAndRandom(random, 60)) for (const imm of immediates) lines.push(`roundss ${m} ${imm.toString(16)} ${s}`);
    }
    expectAgreementWithHost(lines);
  });
});
