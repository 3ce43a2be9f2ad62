import {
  add,
  arctangent,
  BIG_ONE,
  divide,
  exponentialMinusOne,
  magnitude,
  multiply,
  naturalLog,
  naturalLogOfTwo,
  naturalLogOnePlus,
  negate,
  pi,
  scaleBy,
  sineCosine,
  subtract,
  WORKING_BITS,
  type BigFloat,
  type SineCosine,
} from './bigFloat.js';
import { bitLength } from './bits.js';
import { EXTENDED_ONE, type ExtendedFloat, type FloatFields, type Sign } from './ExtendedFloat.js';
import { FloatFlag, type FloatContext } from './flags.js';
import { EXTENDED, infinityOf, zeroOf } from './format.js';
import { invalidResult, propagateNaN } from './nan.js';
import { isNaNOperand, readOperand, signalDenormals, type Operand } from './operand.js';
import { roundPack } from './roundPack.js';
import { withX87Operand, withX87Operands } from './x87Operands.js';

/*
 * The x87 transcendentals, evaluated in ~200-bit working precision and
 * rounded once to the full 64-bit significand (the precision control does not
 * apply to them). Real x87s are only "within 1 ulp", so the host may differ
 * from this correctly rounded answer in the last place now and then.
 *
 * `delta` moves the exponent of the result before it is rounded: the x87's
 * response to an unmasked overflow (-24576) or underflow (+24576), which the
 * caller asks for once the result without it has over- or underflowed.
 */

const big = (x: Operand): BigFloat => ({ m: x.sign === 1 ? -x.significand : x.significand, e: x.exponent });

/** Rounds a working-precision approximation, times 2^delta; its bits below the 64th are never all zero. */
function roundApproximation(value: BigFloat, ctx: FloatContext, delta: number): ExtendedFloat {
  if (value.m === 0n) return zeroOf(0);
  const sign: Sign = value.m < 0n ? 1 : 0;
  return roundPack(sign, sign === 1 ? -value.m : value.m, value.e + delta, true, EXTENDED, ctx);
}

/** An exactly known result (times 2^delta) that the x87 still reports as inexact. */
function roundExactButImprecise(sign: Sign, significand: bigint, exponent: number, ctx: FloatContext, delta: number): ExtendedFloat {
  const result = roundPack(sign, significand, exponent + delta, false, EXTENDED, ctx);
  const tiny = result.exponent === 0 && result.significand !== 0n;
  ctx.flags |= tiny ? FloatFlag.precision | FloatFlag.underflow : FloatFlag.precision;
  return result;
}

// The host forms log2 to about 68 bits before multiplying by y: that matches
// it more often than a correctly rounded product, notably where log2(x) is
// within 2^-68 of an integer.
const LOGARITHM_BITS = 68;

function roundLogarithm(value: BigFloat): BigFloat {
  const excess = BigInt(magnitude(value) - value.e - LOGARITHM_BITS);
  if (excess <= 0n) return value;
  const half = 1n << (excess - 1n);
  return { m: ((value.m + half) >> excess) << excess, e: value.e };
}

/** f2xm1: 2^x − 1, defined for −1 ≤ x ≤ 1; the host returns larger operands unchanged with PE. */
export function extendedTwoToXMinusOne(value: ExtendedFloat, ctx: FloatContext, delta = 0): ExtendedFloat {
  return withX87Operand(value, ctx, (x) => twoToXMinusOne(x, ctx, delta));
}

function twoToXMinusOne(x: Operand, ctx: FloatContext, delta: number): FloatFields {
  if (x.kind === 'infinity') return x.sign === 0 ? x.fields : { ...EXTENDED_ONE, sign: 1 };
  if (x.kind === 'zero') return x.fields;
  signalDenormals(ctx, x);
  const top = x.exponent + 63;
  if (top > 0 || (top === 0 && x.significand !== 1n << 63n)) {
    ctx.flags |= FloatFlag.precision;
    return x.fields;
  }
  if (top === 0) {
    // f2xm1(1) comes out just below 1 and f2xm1(−1) as an "inexact" −½ on the host.
    if (x.sign === 1) return roundExactButImprecise(1, 1n, -1, ctx, delta);
    return roundApproximation({ m: (1n << BigInt(WORKING_BITS)) - 1n, e: -WORKING_BITS }, ctx, delta);
  }
  return roundApproximation(exponentialMinusOne(multiply(big(x), naturalLogOfTwo())), ctx, delta);
}

/** fyl2x: ST(1) × log2(ST(0)), with y = ST(1) and x = ST(0). */
export function extendedYLog2X(yValue: ExtendedFloat, xValue: ExtendedFloat, ctx: FloatContext, delta = 0): ExtendedFloat {
  return withX87Operands(xValue, yValue, ctx, (x, y) => yLog2X(y, x, ctx, delta));
}

function yLog2X(y: Operand, x: Operand, ctx: FloatContext, delta: number): FloatFields {
  if (x.sign === 1 && x.kind !== 'zero') return invalidResult(EXTENDED, ctx);
  const ySign = y.sign;
  const flipped = (ySign ^ 1) as Sign;
  if (x.kind === 'zero') {
    if (y.kind === 'zero') return invalidResult(EXTENDED, ctx);
    if (y.kind !== 'infinity') ctx.flags |= FloatFlag.divideByZero;
    return infinityOf(flipped, EXTENDED);
  }
  if (x.kind === 'infinity') {
    if (y.kind === 'zero') return invalidResult(EXTENDED, ctx);
    signalDenormals(ctx, y);
    return infinityOf(ySign, EXTENDED);
  }
  const log2Top = x.exponent + 63;
  const xIsPowerOfTwo = x.significand === 1n << 63n;
  if (xIsPowerOfTwo && log2Top === 0) {
    if (y.kind === 'infinity') return invalidResult(EXTENDED, ctx);
    signalDenormals(ctx, x, y);
    return zeroOf(ySign);
  }
  const belowOne = log2Top < 0;
  const resultSign = (belowOne ? flipped : ySign) as Sign;
  signalDenormals(ctx, x, y);
  if (y.kind === 'infinity') return infinityOf(resultSign, EXTENDED);
  if (y.kind === 'zero') return zeroOf(resultSign);
  if (xIsPowerOfTwo) {
    const k = BigInt(log2Top < 0 ? -log2Top : log2Top);
    return roundExactButImprecise(resultSign, y.significand * k, y.exponent, ctx, delta);
  }
  const logarithm = roundLogarithm(divide(naturalLog(big(x)), naturalLogOfTwo()));
  return roundApproximation(multiply(big(y), logarithm), ctx, delta);
}

/**
 * fyl2xp1: ST(1) × log2(ST(0) + 1), documented for |x| < 1 − √2/2. The host
 * computes the true logarithm beyond that range for x > −1.
 */
export function extendedYLog2XPlusOne(yValue: ExtendedFloat, xValue: ExtendedFloat, ctx: FloatContext, delta = 0): ExtendedFloat {
  return withX87Operands(xValue, yValue, ctx, (x, y) => yLog2XPlusOne(y, x, ctx, delta));
}

function yLog2XPlusOne(y: Operand, x: Operand, ctx: FloatContext, delta: number): FloatFields {
  const productSign = (x.sign ^ y.sign) as Sign;
  if (x.kind === 'zero') {
    if (y.kind === 'infinity') return invalidResult(EXTENDED, ctx);
    signalDenormals(ctx, y);
    return zeroOf(productSign);
  }
  if (x.kind === 'infinity') {
    if (x.sign === 1 || y.kind === 'zero') return invalidResult(EXTENDED, ctx);
    signalDenormals(ctx, y);
    return infinityOf(y.sign, EXTENDED);
  }
  signalDenormals(ctx, x, y);
  if (y.kind === 'infinity') return infinityOf(productSign, EXTENDED);
  if (y.kind === 'zero') return zeroOf(productSign);
  const top = x.exponent + 63;
  if (x.sign === 1 && top >= 0) {
    // Outside the documented domain the host leaves x ≤ −1 in place, flagging PE.
    ctx.flags |= FloatFlag.precision;
    return x.fields;
  }
  const exactLog = log2OfOnePlusIfInteger(x);
  if (exactLog !== undefined) {
    const k = exactLog < 0 ? -exactLog : exactLog;
    const sign = (exactLog < 0 ? y.sign ^ 1 : y.sign) as Sign;
    return roundExactButImprecise(sign, y.significand * BigInt(k), y.exponent, ctx, delta);
  }
  const onePlus = top < -2 ? naturalLogOnePlus(big(x)) : naturalLog(add(BIG_ONE, big(x)));
  const logarithm = roundLogarithm(divide(onePlus, naturalLogOfTwo()));
  return roundApproximation(multiply(big(y), logarithm), ctx, delta);
}

/** k when 1 + x = 2^k exactly (x = 1, 3, 7, …, −½, −¾, …), else undefined. */
function log2OfOnePlusIfInteger(x: Operand): number | undefined {
  // Only |x| ≥ 2^-64 can put 1 + x on a power of two other than 1.
  if (x.exponent < -128) return undefined;
  const sum = x.exponent >= 0 ? (x.significand << BigInt(x.exponent)) + (x.sign === 1 ? -1n : 1n) : undefined;
  const scale = x.exponent >= 0 ? 0 : -x.exponent;
  const one = 1n << BigInt(scale);
  const numerator = sum ?? (x.sign === 1 ? one - x.significand : one + x.significand);
  if (numerator <= 0n || (numerator & (numerator - 1n)) !== 0n) return undefined;
  return bitLength(numerator) - 1 - scale;
}

/** fpatan: the angle of (x, y) = (ST(0), ST(1)), in (−π, π]. */
export function extendedArctangent(yValue: ExtendedFloat, xValue: ExtendedFloat, ctx: FloatContext, delta = 0): ExtendedFloat {
  return withX87Operands(xValue, yValue, ctx, (x, y) => {
    signalDenormals(ctx, x, y);
    const angle = angleOf(x, y);
    if (angle === undefined) return zeroOf(y.sign);
    return roundApproximation(y.sign === 1 ? negate(angle) : angle, ctx, delta);
  });
}

/** The unsigned angle of (x, |y|), or undefined for an exact zero angle. */
function angleOf(x: Operand, y: Operand): BigFloat | undefined {
  const leftHalf = x.sign === 1;
  const fromAxis = (angle: BigFloat): BigFloat => (leftHalf ? subtract(pi(), angle) : angle);
  if (y.kind === 'zero') return leftHalf ? pi() : undefined;
  if (x.kind === 'zero') return scaleBy(pi(), -1);
  if (y.kind === 'infinity') {
    if (x.kind === 'infinity') return fromAxis(scaleBy(pi(), -2));
    return scaleBy(pi(), -1);
  }
  if (x.kind === 'infinity') return leftHalf ? pi() : undefined;
  const absX: BigFloat = { m: x.significand, e: x.exponent };
  const absY: BigFloat = { m: y.significand, e: y.exponent };
  const yBelowX = magnitude(absY) < magnitude(absX) || (magnitude(absY) === magnitude(absX) && subtract(absY, absX).m <= 0n);
  const acute = yBelowX ? arctangent(divide(absY, absX)) : subtract(scaleBy(pi(), -1), arctangent(divide(absX, absY)));
  return fromAxis(acute);
}

/** π/2 as the x87 reduces by it: 66 fraction bits of π (0xC90FDAA22168C234C × 2^-67). */
const X87_HALF_PI = 0xc90fdaa22168c234cn;
const X87_HALF_PI_SHIFT = 67;

/** |x| < π/4 (the x87's), where no reduction happens. */
function isBelowQuarterPi(x: Operand): boolean {
  const top = x.exponent + 63;
  if (top !== -1) return top < -1;
  // x = significand × 2^-64 against π/4 = X87_HALF_PI × 2^-68.
  return x.significand << 4n < X87_HALF_PI;
}

interface ReducedAngle {
  /** x − k·π/2, with the x87's π. */
  r: BigFloat;
  /** k mod 4. */
  quadrant: number;
}

function reduceAngle(x: Operand): ReducedAngle {
  if (isBelowQuarterPi(x)) return { r: big(x), quadrant: 0 };
  const numerator = x.significand << BigInt(x.exponent + X87_HALF_PI_SHIFT);
  const k = (numerator + (X87_HALF_PI >> 1n)) / X87_HALF_PI;
  const remainder = numerator - k * X87_HALF_PI;
  const r: BigFloat = { m: x.sign === 1 ? -remainder : remainder, e: -X87_HALF_PI_SHIFT };
  const quadrant = Number(k & 3n);
  return { r, quadrant: x.sign === 1 ? (4 - quadrant) & 3 : quadrant };
}

function sineCosineOf(x: Operand): SineCosine {
  const { r, quadrant } = reduceAngle(x);
  const { sine, cosine } = sineCosine(r);
  switch (quadrant) {
    case 0:
      return { sine, cosine };
    case 1:
      return { sine: cosine, cosine: negate(sine) };
    case 2:
      return { sine: negate(sine), cosine: negate(cosine) };
    default:
      return { sine: negate(cosine), cosine: sine };
  }
}

type TrigonometricInput =
  | { kind: 'ready'; x: Operand }
  | { kind: 'done'; result: FloatFields }
  | { kind: 'outOfRange' };

/** Shared operand screening of fsin/fcos/fsincos/fptan. */
function trigonometricInput(value: ExtendedFloat, ctx: FloatContext): TrigonometricInput {
  ctx.c1 = 0;
  const x = readOperand(value, EXTENDED);
  if (x.kind === 'unsupported' || x.kind === 'infinity') return { kind: 'done', result: invalidResult(EXTENDED, ctx) };
  if (isNaNOperand(x)) return { kind: 'done', result: propagateNaN(x, EXTENDED, ctx) };
  if (x.kind !== 'zero' && x.exponent >= 0) return { kind: 'outOfRange' };
  signalDenormals(ctx, x);
  return { kind: 'ready', x };
}

/** fsin; undefined when |x| ≥ 2^63 (the x87 then sets C2 and leaves ST(0) alone). */
export function extendedSine(value: ExtendedFloat, ctx: FloatContext, delta = 0): ExtendedFloat | undefined {
  const input = trigonometricInput(value, ctx);
  if (input.kind === 'outOfRange') return undefined;
  if (input.kind === 'done') return input.result;
  if (input.x.kind === 'zero') return input.x.fields;
  return roundApproximation(sineCosineOf(input.x).sine, ctx, delta);
}

/** fcos; undefined when |x| ≥ 2^63. */
export function extendedCosine(value: ExtendedFloat, ctx: FloatContext): ExtendedFloat | undefined {
  const input = trigonometricInput(value, ctx);
  if (input.kind === 'outOfRange') return undefined;
  if (input.kind === 'done') return input.result;
  if (input.x.kind === 'zero') return { ...EXTENDED_ONE };
  return roundApproximation(sineCosineOf(input.x).cosine, ctx, 0);
}

export interface SineAndCosine {
  sine: ExtendedFloat;
  cosine: ExtendedFloat;
}

/** fsincos; undefined when |x| ≥ 2^63. C1 reports the sine's rounding, as on the host; `delta` applies to the sine (a cosine is never tiny). */
export function extendedSineCosine(value: ExtendedFloat, ctx: FloatContext, delta = 0): SineAndCosine | undefined {
  const input = trigonometricInput(value, ctx);
  if (input.kind === 'outOfRange') return undefined;
  if (input.kind === 'done') return { sine: input.result, cosine: input.result };
  if (input.x.kind === 'zero') return { sine: input.x.fields, cosine: { ...EXTENDED_ONE } };
  const { sine, cosine } = sineCosineOf(input.x);
  const roundedCosine = roundApproximation(cosine, ctx, 0);
  const roundedSine = roundApproximation(sine, ctx, delta);
  return { sine: roundedSine, cosine: roundedCosine };
}

function tangentOf(x: Operand): BigFloat {
  const { sine, cosine } = sineCosineOf(x);
  return divide(sine, cosine);
}

export interface PartialTangent {
  /** Left in ST(1) once `pushed` is pushed. */
  tangent: ExtendedFloat;
  /** 1.0, except that a NaN operand pushes the NaN again. */
  pushed: ExtendedFloat;
}

/** fptan; undefined when |x| ≥ 2^63. `delta` applies to the tangent. */
export function extendedTangent(value: ExtendedFloat, ctx: FloatContext, delta = 0): PartialTangent | undefined {
  const input = trigonometricInput(value, ctx);
  if (input.kind === 'outOfRange') return undefined;
  if (input.kind === 'done') return { tangent: input.result, pushed: input.result };
  if (input.x.kind === 'zero') return { tangent: input.x.fields, pushed: { ...EXTENDED_ONE } };
  return { tangent: roundApproximation(tangentOf(input.x), ctx, delta), pushed: { ...EXTENDED_ONE } };
}
