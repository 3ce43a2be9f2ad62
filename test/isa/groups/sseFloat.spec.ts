/**
 * Focused host comparisons for the SSE/SSE2 floating-point arithmetic (sseArith.ts): every pair of
 * special values (zeros, denormals, normal edges, infinities, QNaNs and SNaNs with payloads,
 * values that round differently per mode) through the packed and scalar forms, under every
 * rounding mode, DAZ/FTZ, PE already set (the fast path), and unmasked exceptions (#XM, SIGFPE).
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, SCRATCH_ADDRESS } from '../harness.js';
import { Random } from '../support/random.js';
import { DOUBLES, fromLanes32, fromLanes64, MASKED_MODES, MXCSR_MODES, pairGroups, SINGLES } from './sseValues.js';

/** Modes where every pair is run; the others get a seeded fifth of them. */
const FULL_MODES = new Set([0x1f80, 0x1fa0, 0x5f80, 0x0000]);

interface Form {
  readonly mnemonic: string;
  readonly double: boolean;
  readonly packed: boolean;
}

function forms(base: string): Form[] {
  return [
    { mnemonic: `${base}ps`, double: false, packed: true },
    { mnemonic: `${base}pd`, double: true, packed: true },
    { mnemonic: `${base}ss`, double: false, packed: false },
    { mnemonic: `${base}sd`, double: true, packed: false },
  ];
}

/** xmm1 (destination) and xmm2 (source) holding one pair per lane; the scalar forms' upper lanes hold other values that must survive. */
function pairCases(code: Uint8Array, form: Form, modes: readonly number[], seed: number): IsaCase[] {
  const random = new Random(seed);
  const lanes = form.packed ? (form.double ? 2 : 4) : 1;
  const cases: IsaCase[] = [];
  for (const mxcsr of modes) {
    const groups = form.double ? pairGroups(DOUBLES, lanes, seed + mxcsr) : pairGroups(SINGLES.map(BigInt), lanes, seed + mxcsr);
    for (const group of groups) {
      if (!FULL_MODES.has(mxcsr) && !random.chance(0.2)) continue;
      const pad = form.double ? [0x4010000000000000n, 0xc1f0000000000000n] : [0x40a00000n, 0x41200000n, 0xc1a00000n, 0x3e800000n];
      const a = [...group.map((p) => p[0]), ...pad].slice(0, form.double ? 2 : 4);
      const b = [...group.map((p) => p[1]), ...pad.reverse()].slice(0, form.double ? 2 : 4);
      const value = (v: bigint[]) => (form.double ? fromLanes64(v) : fromLanes32(v.map(Number)));
      cases.push(caseFrom(code, { xmm1: value(a), xmm2: value(b), mxcsr }));
    }
  }
  return cases;
}

function binaryCases(base: string, modes: readonly number[]): IsaCase[] {
  return forms(base).flatMap((form, i) => pairCases(assemble(`${form.mnemonic} xmm1, xmm2`), form, modes, 0x5e0 + i));
}

describeWithHost('SSE floating-point arithmetic against the host', () => {
  for (const base of ['add', 'sub', 'mul', 'div']) {
    it(`should ${base} every pair of special values in every MXCSR mode`, () => {
      expectCasesSameAsHost(binaryCases(base, MXCSR_MODES));
    });
  }

  it('should take square roots of special values in every MXCSR mode', () => {
    expectCasesSameAsHost(binaryCases('sqrt', MXCSR_MODES));
  });

  it('should report an unmasked exception at the instruction that raised it, with the flags of all lanes', () => {
    const cases: IsaCase[] = [];
    const code = assemble('addps xmm0, xmm0; mulps xmm1, xmm2; divsd xmm3, xmm4; addps xmm0, xmm0');
    const big = 0x7f000000;
    for (const mxcsr of [0x1f80, 0x1b80, 0x1d80, 0x0f80, 0x1780, 0x1f00]) {
      cases.push(caseFrom(code, { mxcsr, xmm1: fromLanes32([big, 0x00000001, 0x3f800000, 0x7fa00000]), xmm2: fromLanes32([big, 0x3f800000, 0x00800000, 0]), xmm3: 0x3ff0000000000000n }));
    }
    expectCasesSameAsHost(cases);
  });
});
