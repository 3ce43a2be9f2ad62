import { describe, expect, it } from 'vitest';
import { ConditionCode } from './classify.js';
import { extendedFromBits, extendedToBits } from './ExtendedFloat.js';
import { FloatFlag, x87Context } from './flags.js';
import { CaseRandom, EXTENDED_EDGES, hex80, randomExtendedBits, randomExtendedNear } from './oracle/cases.js';
import { describeDisagreements, disagreementsWithHost } from './oracle/compareWithHost.js';
import { hostOracleUnavailableReason, hostSuiteTitle } from './oracle/hostOracle.js';
import { extendedPartialRemainder, remainderConditionCodes } from './remainder.js';

const x = (bits: bigint) => extendedFromBits(bits);
const SEVENTEEN = x(0x40038800000000000000n);
const FIVE = x(0x4001a000000000000000n);

describe('fprem and fprem1', () => {
  it('fprem chops the quotient: 17 rem 5 = 2, quotient 3 in C0 C3 C1', () => {
    const result = extendedPartialRemainder(SEVENTEEN, FIVE, x87Context(0x37f), 'truncate');
    expect(extendedToBits(result.remainder)).toBe(0x40008000000000000000n);
    expect(result.quotient).toBe(3);
    expect(remainderConditionCodes(result)).toBe(ConditionCode.c3 | ConditionCode.c1);
  });

  it('fprem1 rounds the quotient to nearest: 17 rem 5 = 2, but 18 rem 5 = -2 with quotient 4', () => {
    const result = extendedPartialRemainder(x(0x40039000000000000000n), FIVE, x87Context(0x37f), 'nearest');
    expect(extendedToBits(result.remainder)).toBe(0xc0008000000000000000n);
    expect(remainderConditionCodes(result)).toBe(ConditionCode.c0);
  });

  it('only partially reduces when the exponents are 64 or more apart, setting C2', () => {
    const huge = x(0x4063c90fdaa22168c235n);
    const result = extendedPartialRemainder(huge, x(0x4000c000000000000000n), x87Context(0x37f), 'truncate');
    expect(result.complete).toBe(false);
    expect(remainderConditionCodes(result)).toBe(ConditionCode.c2);
  });

  it('is invalid for an infinite dividend or a zero divisor', () => {
    const ctx = x87Context(0x37f);
    const result = extendedPartialRemainder(SEVENTEEN, x(0n), ctx, 'truncate');
    expect(extendedToBits(result.remainder)).toBe(0xffffc000000000000000n);
    expect(ctx.flags).toBe(FloatFlag.invalid);
    expect(remainderConditionCodes(result)).toBeUndefined();
  });

  it('has no quotient for a NaN operand, and a zero one for a zero dividend', () => {
    const nan = extendedPartialRemainder(x(0x7fffc000000000000000n), FIVE, x87Context(0x37f), 'truncate');
    expect(remainderConditionCodes(nan)).toBeUndefined();
    const zero = extendedPartialRemainder(x(0n), FIVE, x87Context(0x37f), 'nearest');
    expect(remainderConditionCodes(zero)).toBe(0);
  });
});

describe.skipIf(hostOracleUnavailableReason() !== undefined)(hostSuiteTitle('fprem/fprem1'), () => {
  it('agree on remainders and C0 C1 C2 C3 for edge, nearby and far-apart operands', () => {
    const random = new CaseRandom(0x5eed0008);
    const lines: string[] = [];
    for (const a of EXTENDED_EDGES) for (const b of EXTENDED_EDGES) for (const op of ['fprem', 'fprem1']) lines.push(`${op} 37f ${hex80(a)} ${hex80(b)}`);
    for (let i = 0; i < 8000; i++) {
      const a = randomExtendedBits(random);
      const spread = random.pick([3, 70, 200]);
      const b = random.below(8) === 0 ? randomExtendedBits(random) : randomExtendedNear(random, a, spread);
      lines.push(`${random.pick(['fprem', 'fprem1'])} 37f ${hex80(a)} ${hex80(b)}`);
    }
    const disagreements = disagreementsWithHost(lines);
    expect(disagreements.length, describeDisagreements(disagreements, lines.length)).toBe(0);
  });
});
