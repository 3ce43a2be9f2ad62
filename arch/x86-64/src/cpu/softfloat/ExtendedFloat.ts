export type Sign = 0 | 1;

/**
 * A floating-point value split into its stored fields. For the 80-bit x87
 * format the significand is the stored 64 bits, integer bit included, so
 * encodings the x87 rejects (unnormals, pseudo-NaNs) stay representable.
 * binary32/binary64 values unpack into the same shape with their implicit
 * integer bit made explicit (see format.ts).
 */
export interface FloatFields {
  sign: Sign;
  /** Biased exponent as stored. */
  exponent: number;
  significand: bigint;
}

/** An 80-bit x87 value: 15-bit biased exponent, 64-bit significand with the integer bit at bit 63. */
export type ExtendedFloat = FloatFields;

export const EXTENDED_BIAS = 0x3fff;
export const EXTENDED_MAX_EXPONENT = 0x7fff;
export const INTEGER_BIT = 1n << 63n;
export const QUIET_BIT = 1n << 62n;
export const SIGNIFICAND_MASK = (1n << 64n) - 1n;
export const FRACTION_MASK = INTEGER_BIT - 1n;

export function extendedFloat(sign: Sign, exponent: number, significand: bigint): ExtendedFloat {
  return { sign, exponent, significand };
}

export function extendedZero(sign: Sign): ExtendedFloat {
  return { sign, exponent: 0, significand: 0n };
}

export function extendedInfinity(sign: Sign): ExtendedFloat {
  return { sign, exponent: EXTENDED_MAX_EXPONENT, significand: INTEGER_BIT };
}

/** The x87 "real indefinite": the QNaN every masked invalid operation returns. */
export function realIndefinite(): ExtendedFloat {
  return { sign: 1, exponent: EXTENDED_MAX_EXPONENT, significand: INTEGER_BIT | QUIET_BIT };
}

export const EXTENDED_ONE: Readonly<ExtendedFloat> = { sign: 0, exponent: EXTENDED_BIAS, significand: INTEGER_BIT };

/** Reads the 10-byte little-endian memory image (significand first, then sign and exponent). */
export function decodeExtended(bytes: Uint8Array, offset = 0): ExtendedFloat {
  let significand = 0n;
  for (let i = 7; i >= 0; i--) significand = (significand << 8n) | BigInt(bytes[offset + i] ?? 0);
  const top = (bytes[offset + 8] ?? 0) | ((bytes[offset + 9] ?? 0) << 8);
  return { sign: (top >> 15) as Sign, exponent: top & EXTENDED_MAX_EXPONENT, significand };
}

export function encodeExtended(value: ExtendedFloat, bytes: Uint8Array, offset = 0): void {
  let significand = value.significand;
  for (let i = 0; i < 8; i++) {
    bytes[offset + i] = Number(significand & 0xffn);
    significand >>= 8n;
  }
  const top = (value.sign << 15) | (value.exponent & EXTENDED_MAX_EXPONENT);
  bytes[offset + 8] = top & 0xff;
  bytes[offset + 9] = top >> 8;
}

/** The 80 bits as one integer: sign and exponent above the significand (as written in the manuals). */
export function extendedToBits(value: ExtendedFloat): bigint {
  return (BigInt((value.sign << 15) | value.exponent) << 64n) | value.significand;
}

export function extendedFromBits(bits: bigint): ExtendedFloat {
  const top = Number(bits >> 64n) & 0xffff;
  return { sign: (top >> 15) as Sign, exponent: top & EXTENDED_MAX_EXPONENT, significand: bits & SIGNIFICAND_MASK };
}

export function sameExtended(a: ExtendedFloat, b: ExtendedFloat): boolean {
  return a.sign === b.sign && a.exponent === b.exponent && a.significand === b.significand;
}

export function isExtendedNaN(x: ExtendedFloat): boolean {
  return x.exponent === EXTENDED_MAX_EXPONENT && (x.significand & INTEGER_BIT) !== 0n && (x.significand & FRACTION_MASK) !== 0n;
}

export function isExtendedSignalingNaN(x: ExtendedFloat): boolean {
  return isExtendedNaN(x) && (x.significand & QUIET_BIT) === 0n;
}

export function isExtendedInfinity(x: ExtendedFloat): boolean {
  return x.exponent === EXTENDED_MAX_EXPONENT && x.significand === INTEGER_BIT;
}

export function isExtendedZero(x: ExtendedFloat): boolean {
  return x.exponent === 0 && x.significand === 0n;
}

/** Exponent zero with a nonzero significand, including pseudo-denormals (integer bit set). */
export function isExtendedDenormal(x: ExtendedFloat): boolean {
  return x.exponent === 0 && x.significand !== 0n;
}

export function isExtendedPseudoDenormal(x: ExtendedFloat): boolean {
  return x.exponent === 0 && (x.significand & INTEGER_BIT) !== 0n;
}

/** Unnormals, pseudo-infinities and pseudo-NaNs: nonzero exponent with a clear integer bit. */
export function isExtendedUnsupported(x: ExtendedFloat): boolean {
  return x.exponent !== 0 && (x.significand & INTEGER_BIT) === 0n;
}
