import { type ExtendedFloat, type FloatFields } from './ExtendedFloat.js';
import { FloatFlag, type FloatContext, type RoundingMode } from './flags.js';
import {
  DOUBLE,
  doubleBitsFromFields,
  EXTENDED,
  fieldsFromDoubleBits,
  fieldsFromSingleBits,
  infinityOf,
  SINGLE,
  singleBitsFromFields,
  zeroOf,
  type FloatFormat,
} from './format.js';
import { invalidResult, propagateNaN } from './nan.js';
import { readOperand, signalDenormals, type Operand } from './operand.js';
import { roundPackInteger, roundToInteger } from './roundPack.js';

/** frndint: rounds ST(0) to an integer with RC; PE and C1 when inexact, DE for denormals. */
export function extendedRoundToIntegral(value: ExtendedFloat, ctx: FloatContext): ExtendedFloat {
  ctx.c1 = 0;
  const x = readOperand(value, EXTENDED);
  if (x.kind === 'unsupported') return invalidResult(EXTENDED, ctx);
  signalDenormals(ctx, x);
  return roundOperandToIntegral(x, EXTENDED, ctx, ctx.rounding, false);
}

/** roundsd's immediate: bits 1:0 a rounding mode, bit 2 "use MXCSR.RC instead", bit 3 "suppress PE". */
export function doubleRoundToIntegral(bits: bigint, immediate: number, ctx: FloatContext): bigint {
  return doubleBitsFromFields(sseRoundToIntegral(fieldsFromDoubleBits(bits), DOUBLE, immediate, ctx));
}

/** roundss. */
export function singleRoundToIntegral(bits: number, immediate: number, ctx: FloatContext): number {
  return singleBitsFromFields(sseRoundToIntegral(fieldsFromSingleBits(bits), SINGLE, immediate, ctx));
}

function sseRoundToIntegral(value: FloatFields, format: FloatFormat, immediate: number, ctx: FloatContext): FloatFields {
  const rounding = (immediate & 4) !== 0 ? ctx.rounding : ((immediate & 3) as RoundingMode);
  const x = readOperand(value, format, ctx.denormalsAreZero === true);
  return roundOperandToIntegral(x, format, ctx, rounding, (immediate & 8) !== 0);
}

function roundOperandToIntegral(
  x: Operand,
  format: FloatFormat,
  ctx: FloatContext,
  rounding: RoundingMode,
  suppressPrecision: boolean,
): FloatFields {
  switch (x.kind) {
    case 'unsupported':
      return invalidResult(format, ctx);
    case 'signalingNaN':
    case 'quietNaN':
      return propagateNaN(x, format, ctx);
    case 'infinity':
      return infinityOf(x.sign, format);
    case 'zero':
      return zeroOf(x.sign);
    case 'normal':
    case 'denormal': {
      if (x.exponent >= 0) return x.fields;
      const { magnitude, inexact, roundedUp } = roundToInteger(x.sign, x.significand, x.exponent, rounding);
      if (inexact && !suppressPrecision) {
        ctx.flags |= FloatFlag.precision;
        ctx.c1 = roundedUp ? 1 : 0;
      }
      return roundPackInteger(x.sign, magnitude, format, ctx);
    }
  }
}
