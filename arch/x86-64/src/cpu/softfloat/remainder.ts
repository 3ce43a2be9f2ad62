import { INTEGER_BIT, type ExtendedFloat, type Sign } from './ExtendedFloat.js';
import { type FloatContext } from './flags.js';
import { ConditionCode } from './classify.js';
import { EXTENDED, zeroOf } from './format.js';
import { invalidResult, propagateX87NaN } from './nan.js';
import { isNaNOperand, readOperand, signalDenormals, type Operand } from './operand.js';
import { roundPack } from './roundPack.js';

/** 'truncate' is fprem (quotient chopped, 8087 style); 'nearest' is fprem1 (IEEE remainder). */
export type QuotientRounding = 'truncate' | 'nearest';

export interface PartialRemainder {
  remainder: ExtendedFloat;
  /** Low three bits of the quotient (reported in C0 C3 C1 when complete); undefined for a NaN result, which has none. */
  quotient: number | undefined;
  /** False when the exponents were 64 or more apart and only a partial reduction was done (C2). */
  complete: boolean;
}

const COMPLETE_LIMIT = 64;

/**
 * fprem/fprem1 of ST(0) by ST(1). The remainder is always exact. When the
 * exponents are 64 or more apart the x87 reduces by a multiple of
 * ST(1) × 2^(D−N) only, N being 32 to 63 (32 + D mod 32 on the host).
 */
export function extendedPartialRemainder(
  dividend: ExtendedFloat,
  divisor: ExtendedFloat,
  ctx: FloatContext,
  rounding: QuotientRounding,
): PartialRemainder {
  ctx.c1 = 0;
  const a = readOperand(dividend, EXTENDED);
  const b = readOperand(divisor, EXTENDED);
  if (a.kind === 'unsupported' || b.kind === 'unsupported') return invalid(ctx);
  if (isNaNOperand(a) || isNaNOperand(b)) return { remainder: propagateX87NaN(a, b, EXTENDED, ctx), quotient: undefined, complete: true };
  if (a.kind === 'infinity' || b.kind === 'zero') return invalid(ctx);
  signalDenormals(ctx, a, b);
  if (a.kind === 'zero' || b.kind === 'infinity') return { remainder: canonical(a), quotient: 0, complete: true };
  const distance = a.exponent - b.exponent;
  if (distance >= COMPLETE_LIMIT) {
    const reduction = distance - (32 + (distance % 32));
    return reduce(a.sign, a.significand, distance - reduction, b.significand, b.exponent + reduction, 'truncate', false, ctx);
  }
  return reduce(a.sign, a.significand, distance, b.significand, b.exponent, rounding, true, ctx);
}

/** Remainder of (aSig × 2^distance) by bSig, at bExponent, where distance may be negative. */
function reduce(
  sign: Sign,
  aSignificand: bigint,
  distance: number,
  bSignificand: bigint,
  bExponent: number,
  rounding: QuotientRounding,
  complete: boolean,
  ctx: FloatContext,
): PartialRemainder {
  const scale = Math.max(0, -distance);
  const numerator = distance >= 0 ? aSignificand << BigInt(distance) : aSignificand;
  const denominator = bSignificand << BigInt(scale);
  let quotient = numerator / denominator;
  let remainder = numerator - quotient * denominator;
  let resultSign = sign;
  if (rounding === 'nearest') {
    const twice = remainder << 1n;
    if (twice > denominator || (twice === denominator && (quotient & 1n) === 1n)) {
      quotient += 1n;
      remainder = denominator - remainder;
      resultSign = (sign ^ 1) as Sign;
    }
  }
  const exponent = bExponent - scale;
  const result = remainder === 0n ? zeroOf(sign) : roundPack(resultSign, remainder, exponent, false, EXTENDED, ctx);
  return { remainder: result, quotient: Number(quotient & 7n), complete };
}

/** The x87 rewrites a pseudo-denormal it passes through with the exponent it stands for. */
function canonical(x: Operand): ExtendedFloat {
  return x.fields.exponent === 0 && x.kind === 'denormal' && (x.fields.significand & INTEGER_BIT) !== 0n
    ? { sign: x.sign, exponent: 1, significand: x.fields.significand }
    : x.fields;
}

function invalid(ctx: FloatContext): PartialRemainder {
  return { remainder: invalidResult(EXTENDED, ctx), quotient: undefined, complete: true };
}

/** C2 for an incomplete reduction, otherwise quotient bits Q2 Q1 Q0 in C0 C3 C1; undefined without a quotient. */
export function remainderConditionCodes(result: PartialRemainder): number | undefined {
  if (!result.complete) return ConditionCode.c2;
  const q = result.quotient;
  if (q === undefined) return undefined;
  return (q & 4 ? ConditionCode.c0 : 0) | (q & 2 ? ConditionCode.c3 : 0) | (q & 1 ? ConditionCode.c1 : 0);
}
