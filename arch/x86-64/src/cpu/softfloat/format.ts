import { EXTENDED_BIAS, EXTENDED_MAX_EXPONENT, type FloatFields, type Sign } from './ExtendedFloat.js';

/** What the rounding core and the operand readers need to know about an interchange format. */
export interface FloatFormat {
  readonly name: 'extended' | 'double' | 'single';
  /** Precision including the integer bit. */
  readonly significandBits: number;
  readonly bias: number;
  /** All-ones biased exponent (infinities and NaNs). */
  readonly maxExponent: number;
  /** Only the 80-bit format stores its integer bit, and so has encodings with it wrong. */
  readonly explicitIntegerBit: boolean;
}

export const EXTENDED: FloatFormat = {
  name: 'extended',
  significandBits: 64,
  bias: EXTENDED_BIAS,
  maxExponent: EXTENDED_MAX_EXPONENT,
  explicitIntegerBit: true,
};
export const DOUBLE: FloatFormat = { name: 'double', significandBits: 53, bias: 1023, maxExponent: 0x7ff, explicitIntegerBit: false };
export const SINGLE: FloatFormat = { name: 'single', significandBits: 24, bias: 127, maxExponent: 0xff, explicitIntegerBit: false };

export function integerBit(format: FloatFormat): bigint {
  return 1n << BigInt(format.significandBits - 1);
}

export function quietBit(format: FloatFormat): bigint {
  return 1n << BigInt(format.significandBits - 2);
}

export function infinityOf(sign: Sign, format: FloatFormat): FloatFields {
  return { sign, exponent: format.maxExponent, significand: integerBit(format) };
}

export function zeroOf(sign: Sign): FloatFields {
  return { sign, exponent: 0, significand: 0n };
}

const DOUBLE_FRACTION = (1n << 52n) - 1n;

export function fieldsFromDoubleBits(bits: bigint): FloatFields {
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & DOUBLE_FRACTION;
  return { sign: Number((bits >> 63n) & 1n) as Sign, exponent, significand: exponent === 0 ? fraction : fraction | (1n << 52n) };
}

export function doubleBitsFromFields(f: FloatFields): bigint {
  return (BigInt(f.sign) << 63n) | (BigInt(f.exponent) << 52n) | (f.significand & DOUBLE_FRACTION);
}

export function fieldsFromSingleBits(bits: number): FloatFields {
  const exponent = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  return { sign: (bits >>> 31) as Sign, exponent, significand: BigInt(exponent === 0 ? fraction : fraction | 0x800000) };
}

export function singleBitsFromFields(f: FloatFields): number {
  return ((f.sign << 31) | (f.exponent << 23) | Number(f.significand & 0x7fffffn)) >>> 0;
}

/** Shared scratch so that number <-> bits conversions allocate nothing per call. */
const scratch = new ArrayBuffer(8);
const scratchFloat64 = new Float64Array(scratch);
const scratchUint64 = new BigUint64Array(scratch);
const scratchFloat32 = new Float32Array(scratch, 0, 1);
const scratchUint32 = new Uint32Array(scratch, 0, 1);

export function float64BitsOf(value: number): bigint {
  scratchFloat64[0] = value;
  return scratchUint64[0] ?? 0n;
}

export function numberFromFloat64Bits(bits: bigint): number {
  scratchUint64[0] = bits;
  return scratchFloat64[0] ?? 0;
}

export function float32BitsOf(value: number): number {
  scratchFloat32[0] = value;
  return scratchUint32[0] ?? 0;
}

export function numberFromFloat32Bits(bits: number): number {
  scratchUint32[0] = bits;
  return scratchFloat32[0] ?? 0;
}
