import { integerSquareRoot } from './bits.js';
import { type ExtendedFloat, type FloatFields, type Sign } from './ExtendedFloat.js';
import { FloatFlag, RoundingMode, type FloatContext } from './flags.js';
import { EXTENDED, infinityOf, zeroOf, type FloatFormat } from './format.js';
import { invalidResult, propagateNaN, propagateSseNaN } from './nan.js';
import { isNaNOperand, signalDenormals, type Operand } from './operand.js';
import { roundPack } from './roundPack.js';
import { readSseOperand, SSE_DOUBLE, SSE_SINGLE, type SseScalar } from './sseScalar.js';
import { withX87Operand, withX87Operands } from './x87Operands.js';

export type BinaryOperation = 'add' | 'subtract' | 'multiply' | 'divide';

// Guard bits kept below a 64-bit significand by the exact kernels, so that
// sticky results always leave roundPack a rounding bit.
const ALIGN_LIMIT = 67;
const QUOTIENT_SHIFT = 130n;

/** x87 arithmetic on two register values, rounded to the precision control. */
export function x87Arithmetic(op: BinaryOperation, a: ExtendedFloat, b: ExtendedFloat, ctx: FloatContext): ExtendedFloat {
  return withX87Operands(a, b, ctx, (x, y) => binaryArithmetic(op, x, y, EXTENDED, ctx.precision, ctx));
}

export function extendedSquareRoot(a: ExtendedFloat, ctx: FloatContext): ExtendedFloat {
  return withX87Operand(a, ctx, (x) => squareRootOperand(x, EXTENDED, ctx.precision, ctx));
}

export function doubleArithmetic(op: BinaryOperation, a: bigint, b: bigint, ctx: FloatContext): bigint {
  return sseArithmetic(op, a, b, SSE_DOUBLE, ctx);
}

export function singleArithmetic(op: BinaryOperation, a: number, b: number, ctx: FloatContext): number {
  return sseArithmetic(op, a, b, SSE_SINGLE, ctx);
}

export function doubleSquareRoot(a: bigint, ctx: FloatContext): bigint {
  return sseSquareRoot(a, SSE_DOUBLE, ctx);
}

export function singleSquareRoot(a: number, ctx: FloatContext): number {
  return sseSquareRoot(a, SSE_SINGLE, ctx);
}

function sseArithmetic<Bits>(op: BinaryOperation, a: Bits, b: Bits, scalar: SseScalar<Bits>, ctx: FloatContext): Bits {
  const { format } = scalar;
  const x = readSseOperand(a, scalar, ctx);
  const y = readSseOperand(b, scalar, ctx);
  if (isNaNOperand(x) || isNaNOperand(y)) return scalar.bits(propagateSseNaN(x, y, format, ctx));
  return scalar.bits(binaryArithmetic(op, x, y, format, format.significandBits, ctx));
}

function sseSquareRoot<Bits>(a: Bits, scalar: SseScalar<Bits>, ctx: FloatContext): Bits {
  const { format } = scalar;
  const x = readSseOperand(a, scalar, ctx);
  if (isNaNOperand(x)) return scalar.bits(propagateNaN(x, format, ctx));
  return scalar.bits(squareRootOperand(x, format, format.significandBits, ctx));
}

/**
 * For operands past the NaN screening: invalid and zero-divide first (which
 * leave DE unreported), then DE for denormal operands, then the exact result
 * rounded once.
 */
function binaryArithmetic(op: BinaryOperation, a: Operand, b: Operand, format: FloatFormat, precision: number, ctx: FloatContext): FloatFields {
  switch (op) {
    case 'add':
      return addOperands(a, b, b.sign, format, precision, ctx);
    case 'subtract':
      return addOperands(a, b, (b.sign ^ 1) as Sign, format, precision, ctx);
    case 'multiply':
      return multiplyOperands(a, b, format, precision, ctx);
    case 'divide':
      return divideOperands(a, b, format, precision, ctx);
  }
}

function addOperands(a: Operand, b: Operand, bSign: Sign, format: FloatFormat, precision: number, ctx: FloatContext): FloatFields {
  if (a.kind === 'infinity' || b.kind === 'infinity') {
    if (a.kind === 'infinity' && b.kind === 'infinity' && a.sign !== bSign) return invalidResult(format, ctx);
    signalDenormals(ctx, a, b);
    return infinityOf(a.kind === 'infinity' ? a.sign : bSign, format);
  }
  signalDenormals(ctx, a, b);
  if (a.kind === 'zero' && b.kind === 'zero') {
    return zeroOf(a.sign === bSign ? a.sign : exactZeroSumSign(ctx));
  }
  if (b.kind === 'zero') return roundPack(a.sign, a.significand, a.exponent, false, format, ctx, precision);
  if (a.kind === 'zero') return roundPack(bSign, b.significand, b.exponent, false, format, ctx, precision);
  return addFinite(a.sign, a.significand, a.exponent, bSign, b.significand, b.exponent, format, precision, ctx);
}

/** x + (-x) is +0, except -0 when rounding down. */
function exactZeroSumSign(ctx: FloatContext): Sign {
  return ctx.rounding === RoundingMode.down ? 1 : 0;
}

/** Sum of two finite nonzero values with normalised 64-bit significands. */
function addFinite(
  aSign: Sign,
  aSignificand: bigint,
  aExponent: number,
  bSign: Sign,
  bSignificand: bigint,
  bExponent: number,
  format: FloatFormat,
  precision: number,
  ctx: FloatContext,
): FloatFields {
  const aLarger = aExponent >= bExponent;
  const bigSign = aLarger ? aSign : bSign;
  const bigSignificand = aLarger ? aSignificand : bSignificand;
  const bigExponent = aLarger ? aExponent : bExponent;
  const smallSignificand = aLarger ? bSignificand : aSignificand;
  const smallExponent = aLarger ? bExponent : aExponent;
  const sameSign = aSign === bSign;
  const distance = bigExponent - smallExponent;
  if (distance > ALIGN_LIMIT) {
    // The smaller operand lies wholly below the rounding bits: it only decides the sticky bit.
    const shifted = bigSignificand << 3n;
    return roundPack(bigSign, sameSign ? shifted : shifted - 1n, bigExponent - 3, true, format, ctx, precision);
  }
  const aligned = bigSignificand << BigInt(distance);
  if (sameSign) return roundPack(bigSign, aligned + smallSignificand, smallExponent, false, format, ctx, precision);
  const difference = aligned - smallSignificand;
  if (difference === 0n) return zeroOf(exactZeroSumSign(ctx));
  const sign = difference > 0n ? bigSign : ((bigSign ^ 1) as Sign);
  return roundPack(sign, difference > 0n ? difference : -difference, smallExponent, false, format, ctx, precision);
}

function multiplyOperands(a: Operand, b: Operand, format: FloatFormat, precision: number, ctx: FloatContext): FloatFields {
  const sign = (a.sign ^ b.sign) as Sign;
  if (a.kind === 'infinity' || b.kind === 'infinity') {
    if (a.kind === 'zero' || b.kind === 'zero') return invalidResult(format, ctx);
    signalDenormals(ctx, a, b);
    return infinityOf(sign, format);
  }
  signalDenormals(ctx, a, b);
  if (a.kind === 'zero' || b.kind === 'zero') return zeroOf(sign);
  return roundPack(sign, a.significand * b.significand, a.exponent + b.exponent, false, format, ctx, precision);
}

function divideOperands(a: Operand, b: Operand, format: FloatFormat, precision: number, ctx: FloatContext): FloatFields {
  const sign = (a.sign ^ b.sign) as Sign;
  if (a.kind === 'infinity') {
    if (b.kind === 'infinity') return invalidResult(format, ctx);
    signalDenormals(ctx, a, b);
    return infinityOf(sign, format);
  }
  if (b.kind === 'zero') {
    if (a.kind === 'zero') return invalidResult(format, ctx);
    ctx.flags |= FloatFlag.divideByZero;
    return infinityOf(sign, format);
  }
  signalDenormals(ctx, a, b);
  if (b.kind === 'infinity' || a.kind === 'zero') return zeroOf(sign);
  const dividend = a.significand << QUOTIENT_SHIFT;
  const quotient = dividend / b.significand;
  const sticky = quotient * b.significand !== dividend;
  return roundPack(sign, quotient, a.exponent - b.exponent - Number(QUOTIENT_SHIFT), sticky, format, ctx, precision);
}

/** For an operand past the NaN screening. */
function squareRootOperand(a: Operand, format: FloatFormat, precision: number, ctx: FloatContext): FloatFields {
  if (a.kind === 'zero') return zeroOf(a.sign);
  if (a.sign === 1) return invalidResult(format, ctx);
  if (a.kind === 'infinity') return infinityOf(0, format);
  signalDenormals(ctx, a);
  const odd = (a.exponent & 1) !== 0;
  const radicand = (odd ? a.significand << 1n : a.significand) << QUOTIENT_SHIFT;
  const exponent = (a.exponent - (odd ? 1 : 0) - Number(QUOTIENT_SHIFT)) / 2;
  const root = integerSquareRoot(radicand);
  return roundPack(0, root, exponent, root * root !== radicand, format, ctx, precision);
}
