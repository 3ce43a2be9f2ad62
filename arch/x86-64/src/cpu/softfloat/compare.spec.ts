import { describe, expect, it } from 'vitest';
import { comparisonEflags, doubleCompare, extendedCompare, x87ConditionCodes } from './compare.js';
import { extendedFromBits } from './ExtendedFloat.js';
import { FloatFlag, sseContext, x87Context } from './flags.js';
import {
  CaseRandom,
  DOUBLE_EDGES,
  EXTENDED_EDGES,
  hex32,
  hex64,
  hex80,
  MXCSR_VALUES,
  randomDoubleBits,
  randomExtendedBits,
  randomExtendedNear,
  randomSingleBits,
  SINGLE_EDGES,
} from './oracle/cases.js';
import { describeDisagreements, disagreementsWithHost } from './oracle/compareWithHost.js';
import { hostOracleUnavailableReason, hostSuiteTitle } from './oracle/hostOracle.js';

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

describe.skipIf(hostOracleUnavailableReason() !== undefined)(hostSuiteTitle('comparisons'), () => {
  const random = new CaseRandom(0x5eed0004);

  it('fcom, fucom, fcomi, fucomi and ftst', () => {
    const lines: string[] = [];
    for (const a of EXTENDED_EDGES) {
      lines.push(`ftst 37f ${hex80(a)}`);
      for (const b of EXTENDED_EDGES) for (const op of ['fcom', 'fucom', 'fcomi', 'fucomi']) lines.push(`${op} 37f ${hex80(a)} ${hex80(b)}`);
    }
    for (let i = 0; i < 4000; i++) {
      const a = randomExtendedBits(random);
      const b = random.below(4) === 0 ? a : randomExtendedNear(random, a, 2);
      lines.push(`${random.pick(['fcom', 'fucom', 'fcomi', 'fucomi'])} 37f ${hex80(a)} ${hex80(b)}`);
    }
    const disagreements = disagreementsWithHost(lines);
    expect(disagreements.length, describeDisagreements(disagreements, lines.length)).toBe(0);
  });

  it('comisd, ucomisd, comiss and ucomiss under DAZ and without', () => {
    const lines: string[] = [];
    for (const mxcsr of [MXCSR_VALUES[0] ?? 0x1f80, 0x1fc0]) {
      const m = mxcsr.toString(16);
      for (const a of DOUBLE_EDGES) for (const b of DOUBLE_EDGES) for (const op of ['comisd', 'ucomisd']) lines.push(`${op} ${m} ${hex64(a)} ${hex64(b)}`);
      for (const a of SINGLE_EDGES) for (const b of SINGLE_EDGES) for (const op of ['comiss', 'ucomiss']) lines.push(`${op} ${m} ${hex32(a)} ${hex32(b)}`);
      for (let i = 0; i < 1000; i++) {
        const d = randomDoubleBits(random);
        const s = randomSingleBits(random);
        lines.push(`${random.pick(['comisd', 'ucomisd'])} ${m} ${hex64(d)} ${hex64(random.below(3) === 0 ? d : randomDoubleBits(random))}`);
        lines.push(`${random.pick(['comiss', 'ucomiss'])} ${m} ${hex32(s)} ${hex32(random.below(3) === 0 ? s : randomSingleBits(random))}`);
      }
    }
    const disagreements = disagreementsWithHost(lines);
    expect(disagreements.length, describeDisagreements(disagreements, lines.length)).toBe(0);
  });
});
