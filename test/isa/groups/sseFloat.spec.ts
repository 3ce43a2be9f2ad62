/**
 * Focused host comparisons for the SSE/SSE2 floating-point arithmetic (sseArith.ts): every pair of
 * special values (zeros, denormals, normal edges, infinities, QNaNs and SNaNs with payloads,
 * values that round differently per mode) through the packed and scalar forms, under every
 * rounding mode, DAZ/FTZ, PE already set (the fast path), and unmasked exceptions (#XM, SIGFPE).
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase } from '../harness.js';
import { binaryCases } from './ssePairCases.js';
import { fromLanes32, MXCSR_MODES } from './sseValues.js';

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
