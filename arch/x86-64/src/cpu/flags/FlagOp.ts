/**
 * The lazy-flags record: instead of computing RFLAGS after every instruction, the CPU stores
 * the operation and its operands in `F` and derives a flag only when something reads it.
 *
 * F[0] op = kind * 4 + width index (0: 8, 1: 16, 2: 32, 3: 64 bits)
 * F[1] a, F[2] b, F[3] result (low 32 bits; 8/16-bit values are zero-extended)
 * F[4] a, F[5] b, F[6] result: high 32 bits, for 64-bit operations
 * F[7] carry in (ADC/SBB) or the preserved CF (INC/DEC)
 * For kind Explicit, F[1] holds the status flags as RFLAGS bits.
 */
export const FlagKind = {
  Explicit: 0,
  Add: 1,
  Adc: 2,
  Sub: 3,
  Sbb: 4,
  Logic: 5,
  Inc: 6,
  Dec: 7,
  Neg: 8,
  Shl: 9,
  Shr: 10,
  Sar: 11,
} as const;

export type FlagKindValue = (typeof FlagKind)[keyof typeof FlagKind];

export function widthIndex(bits: number): number {
  return bits === 8 ? 0 : bits === 16 ? 1 : bits === 32 ? 2 : 3;
}

export function flagOp(kind: FlagKindValue, bits: number): number {
  return kind * 4 + widthIndex(bits);
}
