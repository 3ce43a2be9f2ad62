/**
 * Focused host comparisons for the SSE/SSE2 comparisons, MIN/MAX and approximations (sseArith.ts):
 * special-value pairs through every predicate and form, COMIS/UCOMIS flags, memory operands and
 * their alignment, and this host's RCPPS/RSQRTPS tables.
 */
import { it } from 'vitest';
import { assemble, caseFrom, describeWithHost, expectCasesSameAsHost, type IsaCase, SCRATCH_ADDRESS } from '../harness.js';
import { Random } from '../support/random.js';
import { binaryCases, forms, pairCases } from './ssePairCases.js';
import { fromLanes32, MASKED_MODES, MXCSR_MODES, SINGLES } from './sseValues.js';

describeWithHost('SSE comparisons against the host', () => {
  for (const base of ['min', 'max']) {
    it(`should ${base} by the x86 operand-order rules for NaNs and zeros`, () => {
      expectCasesSameAsHost(binaryCases(base, MXCSR_MODES));
    });
  }

  it('should compare with every predicate, signaling ones raising IE on QNaNs', () => {
    const cases: IsaCase[] = [];
    for (let predicate = 0; predicate < 8; predicate++) {
      forms('cmp').forEach((form, i) => {
        cases.push(...pairCases(assemble(`${form.mnemonic} xmm1, xmm2, ${predicate}`), form, [0x1f80, 0x1fc0, 0x1f00, 0x1e80], 0xc0 + 8 * i + predicate));
      });
    }
    cases.push(...pairCases(assemble('cmpps xmm1, xmm2, 0x0d'), forms('cmp')[0]!, [0x1f80], 0xcd));
    expectCasesSameAsHost(cases);
  });

  it('should set ZF PF CF from COMIS and UCOMIS, IE for NaNs as each defines', () => {
    const cases: IsaCase[] = [];
    for (const base of ['comi', 'ucomi']) {
      forms(base)
        .filter((f) => !f.packed)
        .forEach((form, i) => {
          const code = assemble(`${form.mnemonic} xmm1, xmm2`);
          cases.push(...pairCases(code, form, [0x1f80, 0x1fc0, 0x1f00, 0x1e80], 0xc3 + i).map((c) => ({ ...c, state: { ...c.state, rflags: 0xad5n } })));
        });
    }
    expectCasesSameAsHost(cases);
  });

  it('should read memory operands: scalars unaligned, packed ones aligned unless MXCSR.MM', () => {
    const memory = { 0: [0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 0, 0, 0x40, 0x40, 0, 0, 0x80, 0x40, 0, 0, 0xa0, 0x40] };
    const cases: IsaCase[] = [];
    for (const text of ['addps xmm1, [rbx]', 'mulpd xmm1, [rbx]', 'divss xmm1, [rbx]', 'subsd xmm1, [rbx]', 'sqrtps xmm1, [rbx]', 'maxps xmm1, [rbx]', 'cmpps xmm1, [rbx], 1', 'comiss xmm1, [rbx]', 'rcpps xmm1, [rbx]']) {
      for (const offset of [0, 4, 16]) {
        for (const mxcsr of [0x1f80, 0x21f80]) {
          cases.push(caseFrom(assemble(text), { rbx: SCRATCH_ADDRESS + offset, xmm1: fromLanes32([0x3f800000, 0x40000000, 0x40400000, 0x40800000]), mxcsr, memory }));
        }
      }
    }
    cases.push(caseFrom(assemble('addsd xmm1, [rbx]'), { rbx: SCRATCH_ADDRESS + 0x1ffc, secondPage: 'none' }));
    expectCasesSameAsHost(cases);
  });

});

describeWithHost('SSE reciprocal approximations against the host', () => {
  it('should give this host bit-exact RCPPS and RSQRTPS approximations', () => {
    const random = new Random(0x4c9);
    const cases: IsaCase[] = [];
    for (const text of ['rcpps xmm1, xmm2', 'rsqrtps xmm1, xmm2', 'rcpss xmm1, xmm2', 'rsqrtss xmm1, xmm2']) {
      const code = assemble(text);
      for (let i = 0; i < 150; i++) {
        const lanes = Array.from({ length: 4 }, () => (random.chance(0.3) ? random.pick(SINGLES) : random.u32()));
        cases.push(caseFrom(code, { xmm1: fromLanes32([1, 2, 3, 4]), xmm2: fromLanes32(lanes), mxcsr: random.pick([...MASKED_MODES, 0]) }));
      }
    }
    expectCasesSameAsHost(cases);
  });
});
