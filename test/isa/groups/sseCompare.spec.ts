/**
 * Focused host comparisons for the SSE/SSE2 comparisons, MIN/MAX and approximations (sseArith.ts):
 * special-value pairs through every predicate and form, COMIS/UCOMIS flags, memory operands and
 * their alignment, and this host's RCPPS/RSQRTPS tables.
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
