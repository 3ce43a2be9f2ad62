import { bitLength } from './bits.js';
import { type FloatFields, type Sign } from './ExtendedFloat.js';
import { FloatFlag, type FloatContext } from './flags.js';
import { integerBit, quietBit, type FloatFormat } from './format.js';

export type OperandKind = 'zero' | 'denormal' | 'normal' | 'infinity' | 'quietNaN' | 'signalingNaN' | 'unsupported';

/**
 * An operand as the arithmetic sees it. Finite nonzero values are normalised
 * so that bit 63 of `significand` is set, whatever the format, and then
 * value = (-1)^sign × significand × 2^exponent.
 */
export interface Operand {
  kind: OperandKind;
  sign: Sign;
  significand: bigint;
  exponent: number;
  fields: FloatFields;
}

const NORMALISED_TOP = 64;

/** Classifies and normalises; DAZ turns denormals into zeros (without DE) as SSE does. */
export function readOperand(fields: FloatFields, format: FloatFormat, denormalsAreZero = false): Operand {
  const { sign, exponent, significand } = fields;
  const kind = operandKind(fields, format);
  if (kind === 'zero') return { kind, sign, significand: 0n, exponent: 0, fields };
  if (kind === 'denormal' && denormalsAreZero) {
    return { kind: 'zero', sign, significand: 0n, exponent: 0, fields: { sign, exponent: 0, significand: 0n } };
  }
  if (kind !== 'normal' && kind !== 'denormal') return { kind, sign, significand, exponent: 0, fields };
  const lsbExponent = Math.max(exponent, 1) - format.bias - (format.significandBits - 1);
  const shift = NORMALISED_TOP - bitLength(significand);
  return { kind, sign, significand: significand << BigInt(shift), exponent: lsbExponent - shift, fields };
}

export function operandKind(fields: FloatFields, format: FloatFormat): OperandKind {
  const { exponent, significand } = fields;
  const integer = integerBit(format);
  const hasIntegerBit = (significand & integer) !== 0n;
  if (exponent === 0) return significand === 0n ? 'zero' : 'denormal';
  if (format.explicitIntegerBit && !hasIntegerBit) return 'unsupported';
  if (exponent !== format.maxExponent) return 'normal';
  if (significand === integer) return 'infinity';
  return (significand & quietBit(format)) !== 0n ? 'quietNaN' : 'signalingNaN';
}

export function isNaNOperand(x: Operand): boolean {
  return x.kind === 'quietNaN' || x.kind === 'signalingNaN';
}

export function isFiniteNonzero(x: Operand): boolean {
  return x.kind === 'normal' || x.kind === 'denormal';
}

/** DE: an arithmetic instruction met a denormal (or pseudo-denormal) operand. */
export function signalDenormals(ctx: FloatContext, a: Operand, b?: Operand): void {
  if (a.kind === 'denormal' || b?.kind === 'denormal') ctx.flags |= FloatFlag.denormal;
}
