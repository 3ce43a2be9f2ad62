import { type GuestMemory } from '@ubp/core';
import { EXTENDED, type ExtendedFloat, type FloatContext, realIndefinite, roundPack } from '../../softfloat/index.js';
import { X87Status } from '../../state/X87State.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { fpuContext, isMasked, push, report, roomToPush, stackFault } from './fpu.js';
import { readMemoryOperand } from './memoryOperand.js';

/**
 * FLD m32fp/m64fp/m80fp and FILD m16int/m32int/m64int. The operand is read first (a fault
 * changes nothing). An SNaN raises IE and an unmasked IE pushes nothing; a denormal raises DE,
 * which does not stop the load even unmasked. m80 and integers load exactly, raising nothing.
 */
export function fldMemory(s: X86RegisterFile, M: GuestMemory, a: number, format: number): void {
  const x87 = s.x87;
  const ctx = fpuContext(x87);
  const value = readMemoryOperand(M, a, format, ctx);
  if (!roomToPush(x87)) return;
  if (!isMasked(x87, ctx.flags & X87Status.invalid)) return report(x87, X87Status.invalid, 0);
  report(x87, ctx.flags, 0);
  push(x87, value);
}

/** FLD ST(i): an empty source is an underflow even when the push would overflow. */
export function fldRegister(s: X86RegisterFile, i: number): void {
  const x87 = s.x87;
  if (x87.isEmpty(i)) {
    if (stackFault(x87, false)) push(x87, realIndefinite());
    return;
  }
  if (!roomToPush(x87)) return;
  report(x87, 0, 0);
  push(x87, x87.read(i));
}

/**
 * The constants of FLD1 FLDL2T FLDL2E FLDPI FLDLG2 FLDLN2 FLDZ: 128 significand bits (the
 * integer bit first) and the exponent. 128 bits decide every rounding of these to 64.
 */
const CONSTANTS: ReadonlyArray<readonly [bigint, number]> = [
  [1n << 127n, 0],
  [0xd49a784bcd1b8afe492bf6ff4dafdb4cn, 1],
  [0xb8aa3b295c17f0bbbe87fed0691d3e88n, 0],
  [0xc90fdaa22168c234c4c6628b80dc1cd1n, 1],
  [0x9a209a84fbcff7988f8959ac0b7c9178n, -2],
  [0xb17217f7d1cf79abc9e3b39803f2f6afn, -1],
  [0n, 0],
];

/** The order of CONSTANTS, as the emitters name them. */
export const Constant = { one: 0, log2Ten: 1, log2E: 2, pi: 3, log10Two: 4, lnTwo: 5, zero: 6 } as const;

// The constants are rounded with RC (not PC) and report nothing, not even PE.
const scratch: FloatContext = { rounding: 0, precision: 64, flags: 0, c1: 0 };

function constantValue(which: number, rounding: FloatContext['rounding']): ExtendedFloat {
  const [significand, exponent] = CONSTANTS[which]!;
  if (significand === 0n) return { sign: 0, exponent: 0, significand: 0n };
  scratch.rounding = rounding;
  return roundPack(0, significand, exponent - 127, false, EXTENDED, scratch);
}

export function fldConstant(s: X86RegisterFile, which: number): void {
  const x87 = s.x87;
  if (!roomToPush(x87)) return;
  report(x87, 0, 0);
  push(x87, constantValue(which, fpuContext(x87).rounding));
}
