import { type ExtendedFloat, extendedFromInteger, extendedToInteger, type FloatContext, FloatFlag } from '../../softfloat/index.js';

/*
 * The 80-bit packed BCD integer of FBLD and FBSTP (Intel SDM vol. 1, 4.7): eighteen decimal digits,
 * two per byte with the least significant first, in bytes 0-8; the sign in bit 7 of byte 9.
 */

const DIGITS = 18;
const SIGN_BIT = 79n;
const LIMIT = 10n ** BigInt(DIGITS);

/** What FBSTP stores for a value it cannot represent (IE masked). */
export const PACKED_BCD_INDEFINITE = 0xffffc000000000000000n;

/** FBLD: the integer the digits stand for (each nibble weighs its power of ten, even one above 9). */
export function packedBcdValue(bits: bigint): ExtendedFloat {
  let magnitude = 0n;
  for (let k = DIGITS - 1; k >= 0; k--) magnitude = magnitude * 10n + ((bits >> BigInt(4 * k)) & 0xfn);
  const negative = ((bits >> SIGN_BIT) & 1n) === 1n;
  const value = extendedFromInteger(negative ? -magnitude : magnitude);
  return negative && magnitude === 0n ? { ...value, sign: 1 } : value;
}

/** FBSTP: ST(0) rounded with RC; IE (and the BCD indefinite) when it has more than 18 digits or is no number. */
export function packedBcdOf(value: ExtendedFloat, ctx: FloatContext): bigint {
  const flags = ctx.flags;
  const integer = extendedToInteger(value, 64, ctx);
  const magnitude = integer < 0n ? -integer : integer;
  if ((ctx.flags & FloatFlag.invalid) !== 0 || magnitude >= LIMIT) {
    ctx.flags = flags | FloatFlag.invalid;
    ctx.c1 = 0;
    return PACKED_BCD_INDEFINITE;
  }
  let bits = value.sign === 1 ? 1n << SIGN_BIT : 0n;
  let rest = magnitude;
  for (let k = 0; k < DIGITS; k++) {
    bits |= (rest % 10n) << BigInt(4 * k);
    rest /= 10n;
  }
  return bits;
}
