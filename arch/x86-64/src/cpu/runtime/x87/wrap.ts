import { bitLength } from '../../softfloat/bits.js';
import {
  type BinaryOperation,
  EXTENDED,
  EXTENDED_BIAS,
  type ExtendedFloat,
  extendedFromInteger,
  extendedScale,
  type FloatContext,
  infinityOf,
  isExtendedDenormal,
  x87Arithmetic,
  zeroOf,
} from '../../softfloat/index.js';
import { X87Status, type X87State } from '../../state/X87State.js';
import { PRE_COMPUTATION } from './fpu.js';

/*
 * Unmasked overflow and underflow on a register destination (Intel SDM vol. 1, 8.5.4-8.5.5): the
 * x87 stores the result rounded to the precision control as if the exponent range were unbounded,
 * with its exponent brought back into range by subtracting (overflow) or adding (underflow) 24576.
 * The arithmetic computes that value from operands scaled by 2^∓24576, which the exact result
 * then carries, and rounds it within the format's range like any other.
 */

const { overflow: OE, underflow: UE, precision: PE } = X87Status;
const BIAS_ADJUST = 24576;
const MAX_NORMAL_EXPONENT = 0x7ffe;

/** x × 2^delta as a normal encoding, or undefined when its exponent does not fit. Zeros stay. */
function scaled(x: ExtendedFloat, delta: number): ExtendedFloat | undefined {
  if (x.significand === 0n) return x;
  const shift = x.exponent === 0 ? 64 - bitLength(x.significand) : 0;
  const exponent = Math.max(x.exponent, 1) - shift + delta;
  if (exponent < 1 || exponent > MAX_NORMAL_EXPONENT) return undefined;
  return { sign: x.sign, exponent, significand: x.significand << BigInt(shift) };
}

/**
 * What stands for an operand of a sum that cannot be scaled with the other: only one far below
 * the other falls out of range (a sum of large operands is never tiny unless it is zero), and
 * there it only decides the sticky bit, which the smallest normal of its sign decides alike.
 */
function negligible(x: ExtendedFloat): ExtendedFloat {
  return { sign: x.sign, exponent: 1, significand: 1n << 63n };
}

/** Operands whose exact result is the original one times 2^delta. */
function scaledOperands(op: BinaryOperation, a: ExtendedFloat, b: ExtendedFloat, delta: number): [ExtendedFloat, ExtendedFloat] | undefined {
  if (op === 'add' || op === 'subtract') {
    const sa = scaled(a, delta);
    const sb = scaled(b, delta);
    if (sa === undefined && sb === undefined) return undefined;
    return [sa ?? negligible(a), sb ?? negligible(b)];
  }
  // A product or quotient takes the scaling from either operand, or half from each.
  const half = Math.trunc(delta / 2);
  const splits: ReadonlyArray<readonly [number, number]> = [
    [delta, 0],
    [0, op === 'multiply' ? delta : -delta],
    [half, op === 'multiply' ? delta - half : half - delta],
  ];
  for (const [da, db] of splits) {
    const sa = scaled(a, da);
    const sb = scaled(b, db);
    if (sa !== undefined && sb !== undefined) return [sa, sb];
  }
  return undefined;
}

/**
 * The exponent adjustment an unmasked overflow (-24576) or underflow (+24576) calls for, given
 * the masked result and the flags it raised, or 0 (also when an unmasked pre-computation
 * exception stops the instruction first). Unmasked, underflow is signalled for any tiny result,
 * exact or not.
 */
export function biasAdjustment(x87: X87State, result: ExtendedFloat, flags: number): number {
  const unmasked = ~x87.control;
  if ((flags & PRE_COMPUTATION & unmasked) !== 0) return 0;
  if ((flags & OE & unmasked) !== 0) return -BIAS_ADJUST;
  const tiny = (flags & UE) !== 0 || isExtendedDenormal(result);
  return (UE & unmasked) !== 0 && tiny ? BIAS_ADJUST : 0;
}

/** Runs `compute` for the adjusted result: `ctx` then reports OE or UE, PE only if that result is inexact, and its C1. */
export function rerun<T>(ctx: FloatContext, delta: number, compute: () => T): T {
  const kept = ctx.flags & ~(OE | UE | PE);
  ctx.flags = 0;
  const adjusted = compute();
  ctx.flags = kept | (delta < 0 ? OE : UE) | (ctx.flags & PE);
  return adjusted;
}

/** The bias-adjusted form of an exact result (a partial remainder): only UE or OE is reported. */
export function adjustedExact(result: ExtendedFloat, delta: number, ctx: FloatContext): ExtendedFloat {
  return rerun(ctx, delta, () => scaled(result, delta) ?? result);
}

/** x87Arithmetic's bias-adjusted result, or undefined when no scaling of the operands carries it. */
export function adjustedArithmetic(op: BinaryOperation, a: ExtendedFloat, b: ExtendedFloat, delta: number, ctx: FloatContext): ExtendedFloat | undefined {
  const operands = scaledOperands(op, a, b, delta);
  return operands === undefined ? undefined : rerun(ctx, delta, () => x87Arithmetic(op, operands[0], operands[1], ctx));
}

/** trunc(x) of a finite x below 2^64 in magnitude. */
function truncated(x: ExtendedFloat): bigint {
  const unbiased = x.exponent - EXTENDED_BIAS;
  const magnitude = unbiased < 0 ? 0n : x.significand >> BigInt(63 - unbiased);
  return x.sign === 1 ? -magnitude : magnitude;
}

/**
 * fscale's bias-adjusted result: the scale, an integer once truncated, moves by the adjustment.
 * A scale can take the result further than the adjustment brings back into the normal range:
 * this host then stores a zero (underflow) or an infinity (overflow) of the operand's sign,
 * inexact, whatever RC says, C1 set for the infinity.
 */
export function adjustedScale(x: ExtendedFloat, scale: ExtendedFloat, delta: number, ctx: FloatContext): ExtendedFloat {
  const kept = ctx.flags & ~(OE | UE | PE);
  if (scale.exponent < EXTENDED_BIAS + 63) {
    ctx.flags = 0;
    const adjusted = extendedScale(x, extendedFromInteger(truncated(scale) + BigInt(delta)), ctx);
    const beyond = adjusted.exponent === 0 || (ctx.flags & OE) !== 0;
    if (!beyond) {
      ctx.flags = kept | (delta < 0 ? OE : UE) | (ctx.flags & PE);
      return adjusted;
    }
  }
  ctx.flags = kept | (delta < 0 ? OE : UE) | PE;
  ctx.c1 = delta < 0 ? 1 : 0;
  return delta < 0 ? infinityOf(x.sign, EXTENDED) : zeroOf(x.sign);
}
