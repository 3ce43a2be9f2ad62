import { type FloatFields } from './ExtendedFloat.js';
import { FloatFlag, type FloatContext } from './flags.js';
import {
  DOUBLE,
  doubleBitsFromFields,
  fieldsFromDoubleBits,
  fieldsFromSingleBits,
  SINGLE,
  singleBitsFromFields,
  type FloatFormat,
} from './format.js';
import { compareOrdered } from './compare.js';
import { isNaNOperand, readOperand, signalDenormals } from './operand.js';

/**
 * minsd/maxsd: not IEEE minNum. Any NaN raises IE and yields the second
 * source unchanged; so does a pair of zeros, whatever their signs.
 */
function sseMinMax(a: FloatFields, b: FloatFields, format: FloatFormat, ctx: FloatContext, wantMaximum: boolean): FloatFields {
  const daz = ctx.denormalsAreZero === true;
  const x = readOperand(a, format, daz);
  const y = readOperand(b, format, daz);
  if (isNaNOperand(x) || isNaNOperand(y)) {
    ctx.flags |= FloatFlag.invalid;
    return y.fields;
  }
  signalDenormals(ctx, x, y);
  const order = compareOrdered(x, y);
  const firstWins = wantMaximum ? order > 0 : order < 0;
  return firstWins ? x.fields : y.fields;
}

export function doubleMinimum(a: bigint, b: bigint, ctx: FloatContext): bigint {
  return doubleBitsFromFields(sseMinMax(fieldsFromDoubleBits(a), fieldsFromDoubleBits(b), DOUBLE, ctx, false));
}

export function doubleMaximum(a: bigint, b: bigint, ctx: FloatContext): bigint {
  return doubleBitsFromFields(sseMinMax(fieldsFromDoubleBits(a), fieldsFromDoubleBits(b), DOUBLE, ctx, true));
}

export function singleMinimum(a: number, b: number, ctx: FloatContext): number {
  return singleBitsFromFields(sseMinMax(fieldsFromSingleBits(a), fieldsFromSingleBits(b), SINGLE, ctx, false));
}

export function singleMaximum(a: number, b: number, ctx: FloatContext): number {
  return singleBitsFromFields(sseMinMax(fieldsFromSingleBits(a), fieldsFromSingleBits(b), SINGLE, ctx, true));
}
