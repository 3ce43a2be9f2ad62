import { bitLength, lowBitsMask } from './bits.js';
import { type FloatFields, type Sign } from './ExtendedFloat.js';
import { FloatFlag, RoundingMode, type FloatContext } from './flags.js';
import { integerBit, type FloatFormat } from './format.js';

/**
 * The one rounding core. The value to round is
 *   (-1)^sign × (significand + ε) × 2^exponent,   ε = 0, or 0 < ε < 1 when `sticky`,
 * with significand > 0. When `sticky` is set the caller must supply at least
 * two bits below the result's last place, so the rounding bit is known.
 *
 * `precision` is the x87 precision control (24/53/64); the exponent range is
 * always the format's, as on the x87. Tininess is detected after rounding
 * (as if the exponent range were unbounded), which is what x87 and SSE
 * hardware do; underflow is flagged only for tiny inexact results (masked
 * response), except that FTZ flushes every tiny result and flags UE and PE.
 */
export function roundPack(
  sign: Sign,
  significand: bigint,
  exponent: number,
  sticky: boolean,
  format: FloatFormat,
  ctx: FloatContext,
  precision: number = format.significandBits,
): FloatFields {
  const minExponent = 1 - format.bias;
  const maxExponent = format.maxExponent - 1 - format.bias;
  const top = exponent + bitLength(significand) - 1;
  let quantum = Math.max(top, minExponent) - (precision - 1);
  const inexact = sticky || (quantum > exponent && (significand & lowBitsMask(quantum - exponent)) !== 0n);
  const increment = inexact && roundsAwayFromZero(sign, significand, exponent, sticky, quantum, ctx.rounding);
  let rounded = truncateToQuantum(significand, exponent, quantum) + (increment ? 1n : 0n);
  if (rounded === 1n << BigInt(precision)) {
    rounded >>= 1n;
    quantum += 1;
  }
  if (rounded === 0n) return underflowToZero(sign, ctx, increment);
  const resultTop = quantum + bitLength(rounded) - 1;
  if (resultTop > maxExponent) return overflow(sign, format, ctx, precision);
  const tiny = isTinyAfterRounding(sign, significand, exponent, sticky, top, minExponent, precision, ctx.rounding);
  if (tiny && ctx.flushToZero === true) return underflowToZero(sign, ctx, false);
  if (inexact) {
    ctx.flags |= tiny ? FloatFlag.precision | FloatFlag.underflow : FloatFlag.precision;
    ctx.c1 = increment ? 1 : 0;
  }
  const normal = resultTop >= minExponent;
  const fieldShift = quantum - (normal ? resultTop : minExponent) + format.significandBits - 1;
  return { sign, exponent: normal ? resultTop + format.bias : 0, significand: rounded << BigInt(fieldShift) };
}

/** Rounds an exact integer-valued magnitude: precision and flags as roundPack, never tiny. */
export function roundPackInteger(sign: Sign, magnitude: bigint, format: FloatFormat, ctx: FloatContext, precision?: number): FloatFields {
  if (magnitude === 0n) return { sign, exponent: 0, significand: 0n };
  return roundPack(sign, magnitude, 0, false, format, ctx, precision);
}

export function truncateToQuantum(significand: bigint, exponent: number, quantum: number): bigint {
  const shift = quantum - exponent;
  return shift >= 0 ? significand >> BigInt(shift) : significand << BigInt(-shift);
}

/** Whether an inexact value rounds to the larger magnitude at the given quantum. */
export function roundsAwayFromZero(
  sign: Sign,
  significand: bigint,
  exponent: number,
  sticky: boolean,
  quantum: number,
  rounding: RoundingMode,
): boolean {
  switch (rounding) {
    case RoundingMode.nearest: {
      const shift = quantum - exponent;
      if (shift <= 0) return false;
      const half = 1n << BigInt(shift - 1);
      const remainder = significand & ((half << 1n) - 1n);
      if (remainder !== half) return remainder > half;
      return sticky || ((significand >> BigInt(shift)) & 1n) === 1n;
    }
    case RoundingMode.down:
      return sign === 1;
    case RoundingMode.up:
      return sign === 0;
    case RoundingMode.towardZero:
      return false;
  }
}

/** Tiny means below the smallest normal after rounding to `precision` bits with an unbounded exponent. */
function isTinyAfterRounding(
  sign: Sign,
  significand: bigint,
  exponent: number,
  sticky: boolean,
  top: number,
  minExponent: number,
  precision: number,
  rounding: RoundingMode,
): boolean {
  if (top >= minExponent) return false;
  if (top < minExponent - 1) return true;
  const quantum = top - (precision - 1);
  const inexact = sticky || (quantum > exponent && (significand & lowBitsMask(quantum - exponent)) !== 0n);
  if (!inexact) return true;
  const increment = roundsAwayFromZero(sign, significand, exponent, sticky, quantum, rounding);
  return !(increment && truncateToQuantum(significand, exponent, quantum) + 1n === 1n << BigInt(precision));
}

function underflowToZero(sign: Sign, ctx: FloatContext, increment: boolean): FloatFields {
  ctx.flags |= FloatFlag.underflow | FloatFlag.precision;
  ctx.c1 = increment ? 1 : 0;
  return { sign, exponent: 0, significand: 0n };
}

/** Masked overflow: infinity, or the largest finite value when rounding toward zero's side. */
function overflow(sign: Sign, format: FloatFormat, ctx: FloatContext, precision: number): FloatFields {
  ctx.flags |= FloatFlag.overflow | FloatFlag.precision;
  const toInfinity =
    ctx.rounding === RoundingMode.nearest ||
    (ctx.rounding === RoundingMode.up && sign === 0) ||
    (ctx.rounding === RoundingMode.down && sign === 1);
  ctx.c1 = toInfinity ? 1 : 0;
  if (toInfinity) return { sign, exponent: format.maxExponent, significand: integerBit(format) };
  const largest = lowBitsMask(precision) << BigInt(format.significandBits - precision);
  return { sign, exponent: format.maxExponent - 1, significand: largest };
}

export interface IntegerRounding {
  magnitude: bigint;
  inexact: boolean;
  /** The magnitude was incremented (the x87's C1). */
  roundedUp: boolean;
}

/** Rounds |significand × 2^exponent| to an integer in the given mode, with no range limit. */
export function roundToInteger(sign: Sign, significand: bigint, exponent: number, rounding: RoundingMode): IntegerRounding {
  if (exponent >= 0) return { magnitude: significand << BigInt(exponent), inexact: false, roundedUp: false };
  // Far below one half only the direction of the rounding matters: keep a sticky bit.
  const farBelowHalf = -exponent > bitLength(significand) + 2;
  const scaled = farBelowHalf ? 0n : significand;
  const scaledExponent = farBelowHalf ? -2 : exponent;
  const inexact = farBelowHalf || (scaled & lowBitsMask(-scaledExponent)) !== 0n;
  const sticky = farBelowHalf;
  const roundedUp = inexact && roundsAwayFromZero(sign, scaled, scaledExponent, sticky, 0, rounding);
  const magnitude = truncateToQuantum(scaled, scaledExponent, 0) + (roundedUp ? 1n : 0n);
  return { magnitude, inexact, roundedUp };
}
