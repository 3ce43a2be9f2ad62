import { type GuestMemory } from '@ubp/core';
import {
  type Comparison,
  comparisonEflags,
  EXAMINE_EMPTY,
  examineExtended,
  type ExtendedFloat,
  extendedCompare,
  extendedTest,
  type FloatContext,
  x87ConditionCodes,
} from '../../softfloat/index.js';
import { X87_CONDITION_CODES, X87Status, type X87State } from '../../state/X87State.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { eitherEmpty, fpuContext, isMasked, pop, raise, report, stackFault } from './fpu.js';
import { readSourceOperand, sourceRaisesDenormal } from './memoryOperand.js';

/*
 * The comparisons set their result (C3 C2 C0, or ZF PF CF) even when they raise an unmasked
 * exception, "unordered" for a NaN or an empty register; they pop only when nothing unmasked
 * was raised. FCOM, FUCOM, FICOM and FTST clear C1; FCOMI and FUCOMI leave it alone on this
 * host (the SDM says "set to 0"), but for the 0 of a stack underflow.
 */

function setConditionCodes(x87: X87State, codes: number): void {
  x87.status = (x87.status & ~X87_CONDITION_CODES) | codes;
}

/** Pops `pops` times unless an unmasked exception was raised. */
function popsUnlessUnmasked(x87: X87State, flags: number, pops: number): void {
  if (!isMasked(x87, flags)) return;
  for (let k = 0; k < pops; k++) pop(x87);
}

/**
 * The comparison of ST(0) with `operand` (undefined when a register was empty: then it is
 * unordered), its flags reported, C1 cleared unless `keepsC1`.
 */
function compareWith(x87: X87State, operand: ExtendedFloat | undefined, ctx: FloatContext, signaling: boolean, keepsC1 = false): Comparison {
  if (operand === undefined) {
    stackFault(x87, false);
    return 'unordered';
  }
  const comparison = extendedCompare(x87.read(0), operand, ctx, signaling);
  if (keepsC1) raise(x87, ctx.flags);
  else report(x87, ctx.flags, 0);
  return comparison;
}

function registerOperand(x87: X87State, i: number): ExtendedFloat | undefined {
  return eitherEmpty(x87, 0, i) ? undefined : x87.read(i);
}

/** The flags a compare left to decide its pops: IE for an underflow, else what it raised. */
function raised(operand: ExtendedFloat | undefined, ctx: FloatContext): number {
  return operand === undefined ? X87Status.invalid : ctx.flags;
}

/** FCOM FCOMP FCOMPP (`signaling`) and FUCOM FUCOMP FUCOMPP with ST(i). */
export function fpuCompare(s: X86RegisterFile, i: number, signaling: boolean, pops: number): void {
  const x87 = s.x87;
  const ctx = fpuContext(x87);
  const operand = registerOperand(x87, i);
  setConditionCodes(x87, x87ConditionCodes(compareWith(x87, operand, ctx, signaling)));
  popsUnlessUnmasked(x87, raised(operand, ctx), pops);
}

/** FCOM FCOMP m32fp/m64fp and FICOM FICOMP m16int/m32int. */
export function fpuCompareMemory(s: X86RegisterFile, M: GuestMemory, a: number, format: number, pops: number): void {
  const x87 = s.x87;
  const ctx = fpuContext(x87);
  const source = readSourceOperand(M, a, format);
  const operand = x87.isEmpty(0) ? undefined : source.value;
  if (operand !== undefined && sourceRaisesDenormal(source, x87.read(0))) ctx.flags |= X87Status.denormal;
  setConditionCodes(x87, x87ConditionCodes(compareWith(x87, operand, ctx, true)));
  popsUnlessUnmasked(x87, raised(operand, ctx), pops);
}

/** FCOMI FCOMIP (`signaling`) FUCOMI FUCOMIP: returns ZF PF CF for the status flags. */
export function fpuCompareFlags(s: X86RegisterFile, i: number, signaling: boolean, pops: number): number {
  const x87 = s.x87;
  const ctx = fpuContext(x87);
  const operand = registerOperand(x87, i);
  const comparison = compareWith(x87, operand, ctx, signaling, true);
  popsUnlessUnmasked(x87, raised(operand, ctx), pops);
  return comparisonEflags(comparison);
}

/** FTST: ST(0) against +0.0. */
export function ftst(s: X86RegisterFile): void {
  const x87 = s.x87;
  if (x87.isEmpty(0)) {
    stackFault(x87, false);
    return setConditionCodes(x87, x87ConditionCodes('unordered'));
  }
  const ctx = fpuContext(x87);
  const comparison = extendedTest(x87.read(0), ctx);
  report(x87, ctx.flags, 0);
  setConditionCodes(x87, x87ConditionCodes(comparison));
}

/** FXAM: the class of ST(0) in C3 C2 C0 and its sign in C1, even for an empty register. */
export function fxam(s: X86RegisterFile): void {
  const x87 = s.x87;
  const value = x87.read(0);
  const sign = value.sign === 1 ? X87Status.c1 : 0;
  setConditionCodes(x87, x87.isEmpty(0) ? EXAMINE_EMPTY | sign : examineExtended(value));
}
