import { type GuestMemory } from '@ubp/core';
import {
  type BinaryOperation,
  type ExtendedFloat,
  extendedExtract,
  extendedPartialRemainder,
  extendedRoundToIntegral,
  extendedScale,
  extendedSquareRoot,
  type FloatContext,
  isExtendedZero,
  type QuotientRounding,
  type Sign,
  remainderConditionCodes,
  x87Arithmetic,
} from '../../softfloat/index.js';
import { X87_CONDITION_CODES, X87Status, type X87State } from '../../state/X87State.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { commitResult, eitherEmpty, fpuContext, push, report, twoResultStackFault, underflowInto } from './fpu.js';
import { readSourceOperand, type SourceOperand, sourceRaisesDenormal } from './memoryOperand.js';
import { adjustedArithmetic, adjustedExact, adjustedScale, biasAdjustment } from './wrap.js';

/** The six arithmetic operations, as the emitters name them: `reversed` ones compute source op destination. */
export const Arithmetic = { add: 0, multiply: 1, subtract: 2, subtractReversed: 3, divide: 4, divideReversed: 5 } as const;

const OPERATIONS: readonly BinaryOperation[] = ['add', 'multiply', 'subtract', 'subtract', 'divide', 'divide'];

function isReversed(op: number): boolean {
  return op === Arithmetic.subtractReversed || op === Arithmetic.divideReversed;
}

/** Whether a denormal memory source raises DE: not when it is divided by zero either (ZE comes first). */
function sourceDenormalRaises(op: number, source: SourceOperand, other: ExtendedFloat): boolean {
  return sourceRaisesDenormal(source, other) && !(op === Arithmetic.divideReversed && isExtendedZero(other));
}

/** destination op source into ST(destination), with the unmasked overflow and underflow responses. */
function arithmetic(x87: X87State, op: number, destination: number, source: SourceOperand, ctx: FloatContext, popAfter: boolean): void {
  const operation = OPERATIONS[op]!;
  const value = x87.read(destination);
  const a = isReversed(op) ? source.value : value;
  const b = isReversed(op) ? value : source.value;
  let result = x87Arithmetic(operation, a, b, ctx);
  if (sourceDenormalRaises(op, source, value)) ctx.flags |= X87Status.denormal;
  const delta = biasAdjustment(x87, result, ctx.flags);
  if (delta !== 0) result = adjustedArithmetic(operation, a, b, delta, ctx) ?? result;
  commitResult(x87, destination, result, ctx, popAfter);
}

/** FADD FSUB FSUBR FMUL FDIV FDIVR with register operands, and their P forms. */
export function fpuArithmetic(s: X86RegisterFile, op: number, destination: number, source: number, popAfter: boolean): void {
  const x87 = s.x87;
  if (eitherEmpty(x87, destination, source)) return underflowInto(x87, destination, popAfter);
  arithmetic(x87, op, destination, { value: x87.read(source), denormal: false }, fpuContext(x87), popAfter);
}

/** The same with a memory source (m32fp, m64fp, m16int, m32int) and ST(0) as destination. */
export function fpuArithmeticMemory(s: X86RegisterFile, M: GuestMemory, a: number, op: number, kind: number): void {
  const x87 = s.x87;
  const source = readSourceOperand(M, a, kind);
  if (x87.isEmpty(0)) return underflowInto(x87, 0, false);
  arithmetic(x87, op, 0, source, fpuContext(x87), false);
}

/** An operation on ST(0) alone, result in ST(0). */
function unary(s: X86RegisterFile, operation: (value: ExtendedFloat, ctx: FloatContext) => ExtendedFloat): void {
  const x87 = s.x87;
  if (x87.isEmpty(0)) return underflowInto(x87, 0, false);
  const ctx = fpuContext(x87);
  commitResult(x87, 0, operation(x87.read(0), ctx), ctx, false);
}

const flipped = (sign: Sign): Sign => (sign ^ 1) as Sign;
const positive = (): Sign => 0;

/** A new sign for whatever ST(0) holds, NaNs included, raising nothing. */
function signChange(s: X86RegisterFile, sign: (old: Sign) => Sign): void {
  const x87 = s.x87;
  if (x87.isEmpty(0)) return underflowInto(x87, 0, false);
  const value = x87.read(0);
  report(x87, 0, 0);
  x87.write(0, { sign: sign(value.sign), exponent: value.exponent, significand: value.significand });
}

export function fchs(s: X86RegisterFile): void {
  signChange(s, flipped);
}

export function fabs(s: X86RegisterFile): void {
  signChange(s, positive);
}

export function fsqrt(s: X86RegisterFile): void {
  unary(s, extendedSquareRoot);
}

export function frndint(s: X86RegisterFile): void {
  unary(s, extendedRoundToIntegral);
}

/** FSCALE: ST(0) × 2^trunc(ST(1)), with the unmasked overflow and underflow responses. */
export function fscale(s: X86RegisterFile): void {
  const x87 = s.x87;
  if (eitherEmpty(x87, 0, 1)) return underflowInto(x87, 0, false);
  const ctx = fpuContext(x87);
  const value = x87.read(0);
  const scale = x87.read(1);
  let result = extendedScale(value, scale, ctx);
  const delta = biasAdjustment(x87, result, ctx.flags);
  if (delta !== 0) result = adjustedScale(value, scale, delta, ctx);
  commitResult(x87, 0, result, ctx, false);
}

/** FXTRACT: the exponent replaces ST(0), then the significand is pushed. */
export function fxtract(s: X86RegisterFile): void {
  const x87 = s.x87;
  if (twoResultStackFault(x87)) return;
  const ctx = fpuContext(x87);
  const { exponent, significand } = extendedExtract(x87.read(0), ctx);
  if (!commitResult(x87, 0, exponent, ctx, false)) return;
  push(x87, significand);
}

/**
 * FPREM's condition codes: the quotient's (`codes`), or, when there is none (a NaN result, an
 * empty register, an unmasked exception that stops the instruction), C1 and C2 cleared and C0
 * and C3 left as they were, as this host does.
 */
function setRemainderCodes(x87: X87State, codes: number | undefined): void {
  const kept = codes ?? x87.status & (X87Status.c0 | X87Status.c3);
  x87.status = (x87.status & ~X87_CONDITION_CODES) | kept;
}

/** FPREM (`truncate`) and FPREM1 (`nearest`): partial remainder of ST(0) by ST(1), quotient bits in C0 C3 C1, C2 if incomplete. */
function partialRemainder(s: X86RegisterFile, rounding: QuotientRounding): void {
  const x87 = s.x87;
  if (eitherEmpty(x87, 0, 1)) {
    underflowInto(x87, 0, false);
    return setRemainderCodes(x87, undefined);
  }
  const ctx = fpuContext(x87);
  const result = extendedPartialRemainder(x87.read(0), x87.read(1), ctx, rounding);
  const delta = biasAdjustment(x87, result.remainder, ctx.flags);
  const remainder = delta === 0 ? result.remainder : adjustedExact(result.remainder, delta, ctx);
  const committed = commitResult(x87, 0, remainder, ctx, false);
  setRemainderCodes(x87, committed ? remainderConditionCodes(result) : undefined);
}

export function fprem(s: X86RegisterFile): void {
  partialRemainder(s, 'truncate');
}

export function fprem1(s: X86RegisterFile): void {
  partialRemainder(s, 'nearest');
}
