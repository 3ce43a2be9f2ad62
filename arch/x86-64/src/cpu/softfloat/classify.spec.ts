import { describe, expect, it } from 'vitest';
import { ConditionCode, examineExtended } from './classify.js';
import { extendedFromBits } from './ExtendedFloat.js';
import { CaseRandom, EXTENDED_EDGES, hex80, randomExtendedBits } from './oracle/cases.js';
import { describeDisagreements, disagreementsWithHost } from './oracle/compareWithHost.js';
import { hostOracleUnavailableReason, hostSuiteTitle } from './oracle/hostOracle.js';

const examine = (bits: bigint) => examineExtended(extendedFromBits(bits));
const { c0, c1, c2, c3 } = ConditionCode;

describe('fxam', () => {
  it('reports each class in C3 C2 C0 and the sign in C1', () => {
    expect(examine(0x3fff8000000000000000n)).toBe(c2);
    expect(examine(0xbfff8000000000000000n)).toBe(c2 | c1);
    expect(examine(0x80000000000000000000n)).toBe(c3 | c1);
    expect(examine(0x00000000000000000001n)).toBe(c3 | c2);
    expect(examine(0x7fff8000000000000000n)).toBe(c2 | c0);
    expect(examine(0x7fff8000000000000001n)).toBe(c0);
  });

  it('reports pseudo-denormals as denormals and unsupported encodings as 000', () => {
    expect(examine(0x00008000000000000000n)).toBe(c3 | c2);
    expect(examine(0x3fff4000000000000000n)).toBe(0);
    expect(examine(0x7fff0000000000000000n)).toBe(0);
  });
});

describe.skipIf(hostOracleUnavailableReason() !== undefined)(hostSuiteTitle('fxam'), () => {
  it('classifies edge and random encodings, including unnormals and pseudo-NaNs', () => {
    const random = new CaseRandom(0x5eed0006);
    const values = [...EXTENDED_EDGES, ...Array.from({ length: 2000 }, () => randomExtendedBits(random))];
    const lines = values.map((a) => `fxam 37f ${hex80(a)}`);
    const disagreements = disagreementsWithHost(lines);
    expect(disagreements.length, describeDisagreements(disagreements, lines.length)).toBe(0);
  });
});
