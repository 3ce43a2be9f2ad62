/** Cases that run the packed and scalar forms of an SSE floating-point instruction on pairs of special values. */
import { assemble, caseFrom, type IsaCase } from '../harness.js';
import { Random } from '../support/random.js';
import { DOUBLES, fromLanes32, fromLanes64, pairGroups, SINGLES } from './sseValues.js';

/** Modes where every pair is run; the others get a seeded fifth of them. */
const FULL_MODES = new Set([0x1f80, 0x1fa0, 0x5f80, 0x0000]);

export interface Form {
  readonly mnemonic: string;
  readonly double: boolean;
  readonly packed: boolean;
}

export function forms(base: string): Form[] {
  return [
    { mnemonic: `${base}ps`, double: false, packed: true },
    { mnemonic: `${base}pd`, double: true, packed: true },
    { mnemonic: `${base}ss`, double: false, packed: false },
    { mnemonic: `${base}sd`, double: true, packed: false },
  ];
}

/** xmm1 (destination) and xmm2 (source) holding one pair per lane; the scalar forms' upper lanes hold other values that must survive. */
export function pairCases(code: Uint8Array, form: Form, modes: readonly number[], seed: number): IsaCase[] {
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

/** `base`'s four forms as `op xmm1, xmm2`. */
export function binaryCases(base: string, modes: readonly number[]): IsaCase[] {
  return forms(base).flatMap((form, i) => pairCases(assemble(`${form.mnemonic} xmm1, xmm2`), form, modes, 0x5e0 + i));
}
