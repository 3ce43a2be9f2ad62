import { bitLength } from './bits.js';
import { EXTENDED_BIAS, type ExtendedFloat, type FloatFields, type Sign } from './ExtendedFloat.js';
import { FloatFlag, RoundingMode, type FloatContext } from './flags.js';
import {
  DOUBLE,
  doubleBitsFromFields,
  EXTENDED,
  fieldsFromDoubleBits,
  fieldsFromSingleBits,
  float64BitsOf,
  infinityOf,
  numberFromFloat64Bits,
  quietBit,
  SINGLE,
  singleBitsFromFields,
  zeroOf,
  type FloatFormat,
} from './format.js';
import { invalidResult } from './nan.js';
import { readOperand, type Operand } from './operand.js';
import { roundPack, roundPackInteger, roundToInteger } from './roundPack.js';

export type IntegerWidth = 16 | 32 | 64;

/** The "integer indefinite" that x87 and SSE store for NaNs and out-of-range values: the most negative integer. */
export function integerIndefinite(width: IntegerWidth): bigint {
  return -(1n << BigInt(width - 1));
}

/**
 * Converts between float formats. Widening is exact; narrowing rounds with
 * the context's rounding mode (never the x87 precision control). NaNs keep
 * the top of their payload and are quieted, SNaNs raising IE.
 */
export function convertFloat(
  value: FloatFields,
  from: FloatFormat,
  to: FloatFormat,
  ctx: FloatContext,
  signalDenormal: boolean,
): FloatFields {
  const x = readOperand(value, from, ctx.denormalsAreZero === true);
  switch (x.kind) {
    case 'unsupported':
      return invalidResult(to, ctx);
    case 'signalingNaN':
    case 'quietNaN':
      return convertNaN(x, from, to, ctx);
    case 'infinity':
      return infinityOf(x.sign, to);
    case 'zero':
      return zeroOf(x.sign);
    case 'denormal':
    case 'normal':
      if (signalDenormal && x.kind === 'denormal') ctx.flags |= FloatFlag.denormal;
      return roundPack(x.sign, x.significand, x.exponent, false, to, ctx);
  }
}

function convertNaN(x: Operand, from: FloatFormat, to: FloatFormat, ctx: FloatContext): FloatFields {
  if (x.kind === 'signalingNaN') ctx.flags |= FloatFlag.invalid;
  const shift = from.significandBits - to.significandBits;
  const payload = shift >= 0 ? x.fields.significand >> BigInt(shift) : x.fields.significand << BigInt(-shift);
  return { sign: x.sign, exponent: to.maxExponent, significand: payload | quietBit(to) | (1n << BigInt(to.significandBits - 1)) };
}

/** fld m64: exact, DE for a denormal source, IE for an SNaN. */
export function extendedFromDouble(bits: bigint, ctx: FloatContext): ExtendedFloat {
  return convertFloat(fieldsFromDoubleBits(bits), DOUBLE, EXTENDED, ctx, true);
}

/** fld m32. */
export function extendedFromSingle(bits: number, ctx: FloatContext): ExtendedFloat {
  return convertFloat(fieldsFromSingleBits(bits), SINGLE, EXTENDED, ctx, true);
}

/** fst m64: rounds with RC (not PC); a denormal register is not a DE case here. */
export function extendedToDouble(value: ExtendedFloat, ctx: FloatContext): bigint {
  ctx.c1 = 0;
  return doubleBitsFromFields(convertFloat(value, EXTENDED, DOUBLE, ctx, false));
}

/** fst m32. */
export function extendedToSingle(value: ExtendedFloat, ctx: FloatContext): number {
  ctx.c1 = 0;
  return singleBitsFromFields(convertFloat(value, EXTENDED, SINGLE, ctx, false));
}

/** cvtsd2ss: rounds with MXCSR.RC, honours DAZ and FTZ. */
export function doubleToSingle(bits: bigint, ctx: FloatContext): number {
  return singleBitsFromFields(convertFloat(fieldsFromDoubleBits(bits), DOUBLE, SINGLE, ctx, true));
}

/** cvtss2sd: exact, honours DAZ. */
export function singleToDouble(bits: number, ctx: FloatContext): bigint {
  return doubleBitsFromFields(convertFloat(fieldsFromSingleBits(bits), SINGLE, DOUBLE, ctx, true));
}

/** fild: every 16/32/64-bit integer is exact in 64 significand bits. */
export function extendedFromInteger(value: bigint): ExtendedFloat {
  if (value === 0n) return zeroOf(0);
  const sign: Sign = value < 0n ? 1 : 0;
  const magnitude = value < 0n ? -value : value;
  const length = bitLength(magnitude);
  return { sign, exponent: EXTENDED_BIAS + length - 1, significand: magnitude << BigInt(64 - length) };
}

/** cvtsi2sd: rounds 64-bit integers with MXCSR.RC. */
export function integerToDouble(value: bigint, ctx: FloatContext): bigint {
  return doubleBitsFromFields(integerToFormat(value, DOUBLE, ctx));
}

/** cvtsi2ss. */
export function integerToSingle(value: bigint, ctx: FloatContext): number {
  return singleBitsFromFields(integerToFormat(value, SINGLE, ctx));
}

function integerToFormat(value: bigint, format: FloatFormat, ctx: FloatContext): FloatFields {
  return roundPackInteger(value < 0n ? 1 : 0, value < 0n ? -value : value, format, ctx);
}

/**
 * fist/fistp (rounding = RC) and fisttp (rounding = toward zero): a signed
 * integer, or the integer indefinite with IE for NaNs, infinities,
 * unsupported encodings and results out of range.
 */
export function extendedToInteger(
  value: ExtendedFloat,
  width: IntegerWidth,
  ctx: FloatContext,
  rounding: RoundingMode = ctx.rounding,
): bigint {
  ctx.c1 = 0;
  return operandToInteger(readOperand(value, EXTENDED), width, ctx, rounding);
}

/** cvtsd2si (rounding = MXCSR.RC) and cvttsd2si (toward zero). */
export function doubleToInteger(bits: bigint, width: 32 | 64, ctx: FloatContext, rounding: RoundingMode = ctx.rounding): bigint {
  return operandToInteger(readOperand(fieldsFromDoubleBits(bits), DOUBLE, ctx.denormalsAreZero === true), width, ctx, rounding);
}

/** cvtss2si and cvttss2si. */
export function singleToInteger(bits: number, width: 32 | 64, ctx: FloatContext, rounding: RoundingMode = ctx.rounding): bigint {
  return operandToInteger(readOperand(fieldsFromSingleBits(bits), SINGLE, ctx.denormalsAreZero === true), width, ctx, rounding);
}

function operandToInteger(x: Operand, width: IntegerWidth, ctx: FloatContext, rounding: RoundingMode): bigint {
  if (x.kind === 'zero') return 0n;
  if (x.kind !== 'normal' && x.kind !== 'denormal') return invalidInteger(width, ctx);
  const { magnitude, inexact, roundedUp } = roundToInteger(x.sign, x.significand, x.exponent, rounding);
  const limit = 1n << BigInt(width - 1);
  if (x.sign === 0 ? magnitude >= limit : magnitude > limit) return invalidInteger(width, ctx);
  if (inexact) {
    ctx.flags |= FloatFlag.precision;
    ctx.c1 = roundedUp ? 1 : 0;
  }
  return x.sign === 1 ? -magnitude : magnitude;
}

function invalidInteger(width: IntegerWidth, ctx: FloatContext): bigint {
  ctx.flags |= FloatFlag.invalid;
  return integerIndefinite(width);
}

// The number helpers report nothing, so one throwaway context serves every call.
const scratchContext: FloatContext = { rounding: RoundingMode.nearest, precision: 64, flags: 0, c1: 0 };

/** Exact conversion of a JS number (via its binary64 bits) to the 80-bit format. */
export function extendedFromNumber(value: number): ExtendedFloat {
  return extendedFromDouble(float64BitsOf(value), scratchContext);
}

/** The nearest JS number (round to nearest even), for display and tests. */
export function numberFromExtended(value: ExtendedFloat): number {
  return numberFromFloat64Bits(extendedToDouble(value, scratchContext));
}

