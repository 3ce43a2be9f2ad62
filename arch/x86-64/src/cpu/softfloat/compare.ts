import { type ExtendedFloat } from './ExtendedFloat.js';
import { FloatFlag, type FloatContext } from './flags.js';
import { EXTENDED } from './format.js';
import { isNaNOperand, readOperand, signalDenormals, type Operand } from './operand.js';
import { readSseOperand, SSE_DOUBLE, SSE_SINGLE, type SseScalar } from './sseScalar.js';

export type Comparison = 'less' | 'equal' | 'greater' | 'unordered';

/**
 * `signaling` selects fcom/comisd (IE for any NaN) over fucom/ucomisd (IE
 * only for SNaNs). Unsupported x87 encodings always raise IE.
 */
export function extendedCompare(a: ExtendedFloat, b: ExtendedFloat, ctx: FloatContext, signaling: boolean): Comparison {
  return compareOperands(readOperand(a, EXTENDED), readOperand(b, EXTENDED), ctx, signaling);
}

/** ftst: ST(0) against +0.0. */
export function extendedTest(a: ExtendedFloat, ctx: FloatContext): Comparison {
  return extendedCompare(a, { sign: 0, exponent: 0, significand: 0n }, ctx, true);
}

/** comisd (signaling) / ucomisd; DAZ applies. */
export function doubleCompare(a: bigint, b: bigint, ctx: FloatContext, signaling: boolean): Comparison {
  return sseCompare(a, b, SSE_DOUBLE, ctx, signaling);
}

/** comiss (signaling) / ucomiss. */
export function singleCompare(a: number, b: number, ctx: FloatContext, signaling: boolean): Comparison {
  return sseCompare(a, b, SSE_SINGLE, ctx, signaling);
}

function sseCompare<Bits>(a: Bits, b: Bits, scalar: SseScalar<Bits>, ctx: FloatContext, signaling: boolean): Comparison {
  return compareOperands(readSseOperand(a, scalar, ctx), readSseOperand(b, scalar, ctx), ctx, signaling);
}

function compareOperands(a: Operand, b: Operand, ctx: FloatContext, signaling: boolean): Comparison {
  ctx.c1 = 0;
  if (a.kind === 'unsupported' || b.kind === 'unsupported') {
    ctx.flags |= FloatFlag.invalid;
    return 'unordered';
  }
  if (isNaNOperand(a) || isNaNOperand(b)) {
    if (signaling || a.kind === 'signalingNaN' || b.kind === 'signalingNaN') ctx.flags |= FloatFlag.invalid;
    return 'unordered';
  }
  signalDenormals(ctx, a, b);
  const order = compareOrdered(a, b);
  return order < 0 ? 'less' : order > 0 ? 'greater' : 'equal';
}

/** Ordered comparison of two non-NaN operands: -1, 0 or 1. Zeros of either sign are equal. */
export function compareOrdered(a: Operand, b: Operand): number {
  if (a.kind === 'zero' && b.kind === 'zero') return 0;
  if (a.sign !== b.sign) return a.sign === 1 ? -1 : 1;
  const magnitude = compareMagnitudes(a, b);
  return a.sign === 1 ? -magnitude : magnitude;
}

function compareMagnitudes(a: Operand, b: Operand): number {
  const rankA = magnitudeRank(a);
  const rankB = magnitudeRank(b);
  if (rankA !== rankB) return rankA < rankB ? -1 : 1;
  if (a.kind !== 'normal' && a.kind !== 'denormal') return 0;
  if (a.exponent !== b.exponent) return a.exponent < b.exponent ? -1 : 1;
  return a.significand === b.significand ? 0 : a.significand < b.significand ? -1 : 1;
}

function magnitudeRank(x: Operand): number {
  return x.kind === 'zero' ? 0 : x.kind === 'infinity' ? 2 : 1;
}

/** C3 C2 C0 in their status-word positions, as fcom/fucom/ftst set them. */
export function x87ConditionCodes(comparison: Comparison): number {
  switch (comparison) {
    case 'greater':
      return 0;
    case 'less':
      return 0x0100;
    case 'equal':
      return 0x4000;
    case 'unordered':
      return 0x4500;
  }
}

/**
 * ZF (0x40), PF (0x04) and CF (0x01), as fcomi/fucomi/comisd/ucomisd set them: the bits that
 * fcom's C3, C2 and C0 land in when FNSTSW AX; SAHF moves them to EFLAGS.
 */
export function comparisonEflags(comparison: Comparison): number {
  return x87ConditionCodes(comparison) >> 8;
}
