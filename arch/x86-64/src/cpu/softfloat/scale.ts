import { extendedFromInteger } from './convert.js';
import { type ExtendedFloat, type FloatFields } from './ExtendedFloat.js';
import { FloatFlag, RoundingMode, type FloatContext } from './flags.js';
import { EXTENDED, infinityOf, zeroOf } from './format.js';
import { invalidResult, propagateNaN } from './nan.js';
import { readOperand, signalDenormals, type Operand } from './operand.js';
import { roundPack, roundToInteger } from './roundPack.js';
import { withX87Operands } from './x87Operands.js';

// Past this the result is an overflow or an underflow to zero whatever the significand.
const SCALE_LIMIT = 1n << 20n;

/** fscale: ST(0) × 2^trunc(ST(1)), rounded once with RC at full precision. */
export function extendedScale(value: ExtendedFloat, scale: ExtendedFloat, ctx: FloatContext): ExtendedFloat {
  return withX87Operands(value, scale, ctx, (x, s) => scaleOperand(x, s, ctx));
}

function scaleOperand(x: Operand, s: Operand, ctx: FloatContext): FloatFields {
  if (s.kind === 'infinity') {
    const growing = s.sign === 0;
    if (x.kind === (growing ? 'zero' : 'infinity')) return invalidResult(EXTENDED, ctx);
    signalDenormals(ctx, x, s);
    if (x.kind === 'zero' || x.kind === 'infinity') return x.fields;
    return growing ? infinityOf(x.sign, EXTENDED) : zeroOf(x.sign);
  }
  signalDenormals(ctx, x, s);
  if (x.kind !== 'normal' && x.kind !== 'denormal') return x.fields;
  const exponentShift = s.kind === 'zero' ? 0n : roundToInteger(s.sign, s.significand, s.exponent, RoundingMode.towardZero).magnitude;
  const clamped = exponentShift > SCALE_LIMIT ? SCALE_LIMIT : exponentShift;
  const shift = Number(s.sign === 1 ? -clamped : clamped);
  return roundPack(x.sign, x.significand, x.exponent + shift, false, EXTENDED, ctx);
}

export interface ExtractedParts {
  /** The unbiased exponent as a value (pushed below the significand). */
  exponent: ExtendedFloat;
  /** The significand with the exponent of 1.0 and the operand's sign (the new ST(0)). */
  significand: ExtendedFloat;
}

/** fxtract. A zero gives ZE, -∞ as exponent and the zero as significand. */
export function extendedExtract(value: ExtendedFloat, ctx: FloatContext): ExtractedParts {
  ctx.c1 = 0;
  const x = readOperand(value, EXTENDED);
  switch (x.kind) {
    case 'unsupported': {
      const indefinite = invalidResult(EXTENDED, ctx);
      return { exponent: indefinite, significand: indefinite };
    }
    case 'quietNaN':
    case 'signalingNaN': {
      const nan = propagateNaN(x, EXTENDED, ctx);
      return { exponent: nan, significand: nan };
    }
    case 'zero':
      ctx.flags |= FloatFlag.divideByZero;
      return { exponent: infinityOf(1, EXTENDED), significand: x.fields };
    case 'infinity':
      return { exponent: infinityOf(0, EXTENDED), significand: x.fields };
    case 'normal':
    case 'denormal': {
      signalDenormals(ctx, x);
      const unbiased = x.exponent + 63;
      return {
        exponent: extendedFromInteger(BigInt(unbiased)),
        significand: { sign: x.sign, exponent: EXTENDED.bias, significand: x.significand },
      };
    }
  }
}
