import { Mnemonic, type X86Insn } from '@ubp/arch-x86-64';
import { type IsaState } from './support/IsaState.js';
import { stackRegister } from './support/x87Image.js';

/**
 * THE table of x87 results the manuals define only to an accuracy, not to the bit: the harness
 * compares them within one unit in the last place, and does not compare C1 after them.
 *
 * The transcendental instructions approximate their functions: "the worst case error ... is less
 * than 1 ulp" (Intel SDM vol. 1, 8.3.10, "Transcendental Instruction Accuracy"), so two
 * correct processors may return neighbouring values. C1 then says whether the result was "rounded up",
 * which is relative to the implementation's own internal approximation: a processor whose
 * approximation lies on the other side of the returned value reports the opposite C1 for the
 * same result. The model rounds the exact value correctly; the host (AMD) agrees with it bit for
 * bit in about 97% of ordinary cases (softfloat/transcendental.spec.ts measures it) and within
 * one ulp in all of them.
 *
 * | instruction | when (operands in the input state)                          | results within 1 ulp  |
 * |-------------|-------------------------------------------------------------|-----------------------|
 * | FSIN FCOS   | ST(0) finite, non-zero, \|x\| < 2^63                        | ST(0)                 |
 * | FSINCOS     | the same, and ST(7) empty (no stack overflow)               | ST(0) (cos), ST(1)    |
 * | FPTAN       | the same, and ST(7) empty                                   | ST(1) (tan)           |
 * | F2XM1       | ST(0) finite, non-zero, \|x\| < 1                           | ST(0)                 |
 * | FYL2X       | ST(0) finite, > 0; ST(1) finite, non-zero                   | ST(0), after the pop  |
 * | FYL2XP1     | ST(0) finite, non-zero, \|x\| < 1; ST(1) finite, non-zero   | ST(0), after the pop  |
 * | FPATAN      | ST(0) and ST(1) finite, non-zero                            | ST(0), after the pop  |
 *
 * Everything else about these instructions is compared exactly: zeros, infinities, NaNs, empty
 * registers and out-of-range angles give defined results; the flags, C0 C2 C3 and the other
 * registers are defined. The operands are read from the input state, so only a snippet's first
 * instruction qualifies.
 */

const EXPONENT_BIAS = 0x3fff;

interface Operand {
  readonly sign: number;
  /** Unbiased exponent of the leading bit's place (the encoding's, for a denormal). */
  readonly exponent: number;
}

/** ST(i) when it holds a finite non-zero value (normal, denormal or pseudo-denormal), else undefined. */
function finiteNonZero(state: IsaState, i: number): Operand | undefined {
  const { valid, bits } = stackRegister(state.x87, i);
  const biased = Number((bits >> 64n) & 0x7fffn);
  const significand = bits & ((1n << 64n) - 1n);
  const integerBit = (significand >> 63n) === 1n;
  if (!valid || biased === 0x7fff || significand === 0n || (biased !== 0 && !integerBit)) return undefined;
  return { sign: Number(bits >> 79n), exponent: biased - EXPONENT_BIAS };
}

function isEmpty(state: IsaState, i: number): boolean {
  return !stackRegister(state.x87, i).valid;
}

type Rule = (state: IsaState) => readonly number[];

const angle = (results: readonly number[], needsRoom: boolean): Rule => (state) => {
  const x = finiteNonZero(state, 0);
  return x !== undefined && x.exponent < 63 && (!needsRoom || isEmpty(state, 7)) ? results : [];
};

const RULES = new Map<number, Rule>([
  [Mnemonic.Fsin, angle([0], false)],
  [Mnemonic.Fcos, angle([0], false)],
  [Mnemonic.Fsincos, angle([0, 1], true)],
  [Mnemonic.Fptan, angle([1], true)],
  [Mnemonic.F2xm1, (state) => ((finiteNonZero(state, 0)?.exponent ?? 0) < 0 ? [0] : [])],
  [Mnemonic.Fyl2x, (state) => (finiteNonZero(state, 0)?.sign === 0 && finiteNonZero(state, 1) !== undefined ? [0] : [])],
  [Mnemonic.Fyl2xp1, (state) => ((finiteNonZero(state, 0)?.exponent ?? 0) < 0 && finiteNonZero(state, 1) !== undefined ? [0] : [])],
  [Mnemonic.Fpatan, (state) => (finiteNonZero(state, 0) !== undefined && finiteNonZero(state, 1) !== undefined ? [0] : [])],
]);

/** The ST(i), after `insn` runs from `state`, that hold an approximated result (compared within 1 ulp, without C1). */
export function approximateResults(insn: X86Insn, state: IsaState): readonly number[] {
  return RULES.get(insn.mnemonic)?.(state) ?? [];
}
