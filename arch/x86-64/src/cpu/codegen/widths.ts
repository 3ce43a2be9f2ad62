/** Mask of an operand of `bits` width as a JS literal; 32-bit values are kept as int32 instead. */
export function maskOf(bits: number): string {
  return bits === 8 ? '0xff' : bits === 16 ? '0xffff' : '-1';
}

/**
 * Normalises a narrow (8/16/32-bit) value expression: zero-extended for 8 and 16 bits,
 * int32 for 32 bits. Every narrow value in generated code is in this form.
 */
export function narrow(expr: string, bits: number): string {
  return bits === 32 ? `((${expr}) | 0)` : `((${expr}) & ${maskOf(bits)})`;
}

/** The unsigned value of a normalised narrow expression. */
export function unsigned(expr: string, bits: number): string {
  return bits === 32 ? `(${expr} >>> 0)` : expr;
}

/** The signed value of a normalised narrow expression. */
export function signed(expr: string, bits: number): string {
  return bits === 32 ? `(${expr} | 0)` : bits === 16 ? `((${expr} << 16) >> 16)` : `((${expr} << 24) >> 24)`;
}

/** Non-zero when the sign bit of a normalised narrow value is set. */
export function signBit(expr: string, bits: number): string {
  return bits === 32 ? `(${expr} < 0)` : `((${expr} & ${bits === 8 ? '0x80' : '0x8000'}) !== 0)`;
}
