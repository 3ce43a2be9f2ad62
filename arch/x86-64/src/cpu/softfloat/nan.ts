import { type FloatFields } from './ExtendedFloat.js';
import { FloatFlag, type FloatContext } from './flags.js';
import { integerBit, quietBit, type FloatFormat } from './format.js';
import { type Operand } from './operand.js';

/** The default NaN of invalid operations (x87 "real indefinite", SSE "QNaN floating-point indefinite"). */
export function defaultNaN(format: FloatFormat): FloatFields {
  return { sign: 1, exponent: format.maxExponent, significand: integerBit(format) | quietBit(format) };
}

export function quietNaN(nan: FloatFields, format: FloatFormat): FloatFields {
  return { sign: nan.sign, exponent: nan.exponent, significand: nan.significand | quietBit(format) };
}

/** Masked invalid operation: IE and the default NaN. */
export function invalidResult(format: FloatFormat, ctx: FloatContext): FloatFields {
  ctx.flags |= FloatFlag.invalid;
  return defaultNaN(format);
}

function signalIfSignaling(x: Operand, ctx: FloatContext): void {
  if (x.kind === 'signalingNaN') ctx.flags |= FloatFlag.invalid;
}

/** The NaN result of a one-operand instruction. */
export function propagateNaN(a: Operand, format: FloatFormat, ctx: FloatContext): FloatFields {
  signalIfSignaling(a, ctx);
  return quietNaN(a.fields, format);
}

/**
 * x87 rule: a QNaN beats an SNaN; otherwise the larger significand wins, and
 * on a tie the positive one (observed on the host; the SDM leaves it open).
 */
export function propagateX87NaN(a: Operand, b: Operand, format: FloatFormat, ctx: FloatContext): FloatFields {
  signalIfSignaling(a, ctx);
  signalIfSignaling(b, ctx);
  return quietNaN(chooseX87NaN(a, b).fields, format);
}

function chooseX87NaN(a: Operand, b: Operand): Operand {
  const aIsNaN = a.kind === 'quietNaN' || a.kind === 'signalingNaN';
  const bIsNaN = b.kind === 'quietNaN' || b.kind === 'signalingNaN';
  if (!bIsNaN) return a;
  if (!aIsNaN) return b;
  if (a.kind !== b.kind) return a.kind === 'quietNaN' ? a : b;
  if (a.fields.significand !== b.fields.significand) return a.fields.significand > b.fields.significand ? a : b;
  return a.sign === 0 ? a : b;
}

/** SSE rule: the first source operand wins if it is a NaN; SNaNs are quieted. */
export function propagateSseNaN(a: Operand, b: Operand, format: FloatFormat, ctx: FloatContext): FloatFields {
  signalIfSignaling(a, ctx);
  signalIfSignaling(b, ctx);
  const aIsNaN = a.kind === 'quietNaN' || a.kind === 'signalingNaN';
  return quietNaN((aIsNaN ? a : b).fields, format);
}
