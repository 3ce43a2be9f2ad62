import { describe, expect, it } from 'vitest';
import { FloatFlag, sseContext } from './flags.js';
import { doubleMaximum, doubleMinimum, singleMinimum } from './minMax.js';
import { CaseRandom, DOUBLE_OPERANDS, MXCSR_VALUES, SINGLE_OPERANDS } from './oracle/cases.js';
import { describeAgainstHost, expectAgreementWithHost } from './oracle/hostSuite.js';

describe('minsd/maxsd', () => {
  it('return the second source for a NaN (unquieted, with IE) and for a pair of zeros', () => {
    const ctx = sseContext(0x1f80);
    expect(doubleMinimum(0x7ff8000000000000n, 0x7ff0000000000001n, ctx)).toBe(0x7ff0000000000001n);
    expect(ctx.flags).toBe(FloatFlag.invalid);
    expect(doubleMaximum(0x8000000000000000n, 0n, ctx)).toBe(0n);
    expect(doubleMaximum(0n, 0x8000000000000000n, ctx)).toBe(0x8000000000000000n);
  });

  it('return a DAZ-read denormal as the zero it was read as', () => {
    expect(singleMinimum(0x80000001, 0x3f800000, sseContext(0x1fc0))).toBe(0x80000000);
  });
});

describeAgainstHost('minsd/maxsd/minss/maxss', () => {
  it('agree on edge and random operands under every MXCSR', () => {
    const random = new CaseRandom(0x5eed0005);
    const lines: string[] = [];
    for (const mxcsr of MXCSR_VALUES) {
      const m = mxcsr.toString(16);
      for (const pair of DOUBLE_OPERANDS.edgePairs()) if (random.below(4) === 0) lines.push(`${random.pick(['minsd', 'maxsd'])} ${m} ${pair}`);
      for (const pair of SINGLE_OPERANDS.edgePairs()) if (random.below(4) === 0) lines.push(`${random.pick(['minss', 'maxss'])} ${m} ${pair}`);
      for (let i = 0; i < 200; i++) {
        lines.push(`${random.pick(['minsd', 'maxsd'])} ${m} ${DOUBLE_OPERANDS.random(random)} ${DOUBLE_OPERANDS.random(random)}`);
        lines.push(`${random.pick(['minss', 'maxss'])} ${m} ${SINGLE_OPERANDS.random(random)} ${SINGLE_OPERANDS.random(random)}`);
      }
    }
    expectAgreementWithHost(lines);
  });
});
