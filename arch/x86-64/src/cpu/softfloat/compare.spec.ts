import { describe, expect, it } from 'vitest';
import { comparisonEflags, doubleCompare, extendedCompare, x87ConditionCodes } from './compare.js';
import { extendedFromBits } from './ExtendedFloat.js';
import { FloatFlag, sseContext, x87Context } from './flags.js';
import { CaseRandom, DOUBLE_OPERANDS, EXTENDED_OPERANDS, hex80, MXCSR_VALUES, randomExtendedBits, randomExtendedNear, SINGLE_OPERANDS } from './oracle/cases.js';
import { describeAgainstHost, expectAgreementWithHost } from './oracle/hostSuite.js';

const QNAN = extendedFromBits(0x7fffc000000000000000n);
const ONE = extendedFromBits(0x3fff8000000000000000n);

describe('comparisons', () => {
  it('fcom raises IE for a QNaN, fucom does not; both report unordered as C3 C2 C0', () => {
    const signaling = x87Context(0x37f);
    expect(x87ConditionCodes(extendedCompare(QNAN, ONE, signaling, true))).toBe(0x4500);
    expect(signaling.flags).toBe(FloatFlag.invalid);
    const quiet = x87Context(0x37f);
    expect(extendedCompare(QNAN, ONE, quiet, false)).toBe('unordered');
    expect(quiet.flags).toBe(0);
  });

  it('treats zeros of both signs as equal and reports less as C0 / CF', () => {
    const ctx = x87Context(0x37f);
    expect(extendedCompare(extendedFromBits(0x80000000000000000000n), extendedFromBits(0n), ctx, true)).toBe('equal');
    expect(comparisonEflags(extendedCompare(ONE, extendedFromBits(0x40008000000000000000n), ctx, true))).toBe(0x01);
  });

  it('comisd flags DE for a denormal unless DAZ reads it as zero', () => {
    const plain = sseContext(0x1f80);
    expect(doubleCompare(1n, 0n, plain, true)).toBe('greater');
    expect(plain.flags).toBe(FloatFlag.denormal);
    const daz = sseContext(0x1fc0);
    expect(doubleCompare(1n, 0n, daz, true)).toBe('equal');
    expect(daz.flags).toBe(0);
  });
});

describeAgainstHost('comparisons', () => {
  const random = new CaseRandom(0x5eed0004);

  it('fcom, fucom, fcomi, fucomi and ftst', () => {
    const lines: string[] = [];
    const edges = EXTENDED_OPERANDS.edges();
    for (const a of edges) {
      lines.push(`ftst 37f ${a}`);
      for (const b of edges) for (const op of ['fcom', 'fucom', 'fcomi', 'fucomi']) lines.push(`${op} 37f ${a} ${b}`);
    }
    for (let i = 0; i < 4000; i++) {
      const a = randomExtendedBits(random);
      const b = random.below(4) === 0 ? a : randomExtendedNear(random, a, 2);
      lines.push(`${random.pick(['fcom', 'fucom', 'fcomi', 'fucomi'])} 37f ${hex80(a)} ${hex80(b)}`);
    }
    expectAgreementWithHost(lines);
  });

  it('comisd, ucomisd, comiss and ucomiss under DAZ and without', () => {
    const lines: string[] = [];
    for (const mxcsr of [MXCSR_VALUES[0] ?? 0x1f80, 0x1fc0]) {
      const m = mxcsr.toString(16);
      for (const pair of DOUBLE_OPERANDS.edgePairs()) for (const op of ['comisd', 'ucomisd']) lines.push(`${op} ${m} ${pair}`);
      for (const pair of SINGLE_OPERANDS.edgePairs()) for (const op of ['comiss', 'ucomiss']) lines.push(`${op} ${m} ${pair}`);
      for (let i = 0; i < 1000; i++) {
        const d = DOUBLE_OPERANDS.random(random);
        const s = SINGLE_OPERANDS.random(random);
        lines.push(`${random.pick(['comisd', 'ucomisd'])} ${m} ${d} ${random.below(3) === 0 ? d : DOUBLE_OPERANDS.random(random)}`);
        lines.push(`${random.pick(['comiss', 'ucomiss'])} ${m} ${s} ${random.below(3) === 0 ? s : SINGLE_OPERANDS.random(random)}`);
      }
    }
    expectAgreementWithHost(lines);
  });
});
