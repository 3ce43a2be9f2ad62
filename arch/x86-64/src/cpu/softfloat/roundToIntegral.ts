import { type ExtendedFloat, type FloatFields } from './ExtendedFloat.js';
import { FloatFlag, type FloatContext, type RoundingMode } from './flags.js';
import { EXTENDED, infinityOf, zeroOf, type FloatFormat } from './format.js';
import { invalidResult, propagateNaN } from './nan.js';
import { signalDenormals, type Operand } from './operand.js';
import { roundPackInteger, roundToInteger } from './roundPack.js';
import { readSseOperand, SSE_DOUBLE, SSE_SINGLE, type SseScalar } from './sseScalar.js';
import { withX87Operand } from './x87Operands.js';

/** frndint: rounds ST(0) to an integer with RC; PE and C1 when inexact, DE for denormals. */
export function extendedRoundToIntegral(value: ExtendedFloat, ctx: FloatContext): ExtendedFloat {
  return withX87Operand(value, ctx, (x) => {
    signalDenormals(ctx, x);
    return roundOperandToIntegral(x, EXTENDED, ctx, ctx.rounding, false);
  });
}

/** roundsd's immediate: bits 1:0 a rounding mode, bit 2 "use MXCSR.RC instead", bit 3 "suppress PE". */
export function doubleRoundToIntegral(bits: bigint, immediate: number, ctx: FloatContext): bigint {
  return sseRoundToIntegral(bits, SSE_DOUBLE, immediate, ctx);
}

/** roundss. */
export function singleRoundToIntegral(bits: number, immediate: number, ctx: FloatContext): number {
  return sseRoundToIntegral(bits, SSE_SINGLE, immediate, ctx);
}

function sseRoundToIntegral<Bits>(bits: Bits, scalar: SseScalar<Bits>, immediate: number, ctx: FloatContext): Bits {
  const rounding = (immediate & 4) !== 0 ? ctx.rounding : ((immediate & 3) as RoundingMode);
  const x = readSseOperand(bits, scalar, ctx);
  return scalar.bits(roundOperandToIntegral(x, scalar.format, ctx, rounding, (immediate & 8) !== 0));
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
