/**
 * A tiny A64 assembler for tests: each function builds an encoding from the Arm ARM's field
 * layout and the displacement in bytes, independently of the decoding the code under test does.
 */

const u32 = (value: number): number => value >>> 0;

/** `value` must be a multiple of 4 and fit `bits` signed bits once divided by 4. */
function words(offset: number, bits: number): number {
  const count = offset / 4;
  if (!Number.isInteger(count) || count < -(2 ** (bits - 1)) || count >= 2 ** (bits - 1)) {
    throw new Error(`offset ${offset} does not fit imm${bits}`);
  }
  return count & (2 ** bits - 1);
}

export const nop = (): number => 0xd503201f;
export const b = (offset: number): number => u32(0x14000000 | words(offset, 26));
export const bl = (offset: number): number => u32(0x94000000 | words(offset, 26));
export const bCond = (cond: number, offset: number): number => u32(0x54000000 | (words(offset, 19) << 5) | cond);

/** CBZ/CBNZ: `wide` picks Xt (sf = 1) over Wt. */
export const cbz = (wide: boolean, t: number, offset: number): number =>
  u32((wide ? 0xb4000000 : 0x34000000) | (words(offset, 19) << 5) | t);
export const cbnz = (wide: boolean, t: number, offset: number): number => u32(cbz(wide, t, offset) | 0x01000000);

/** TBZ/TBNZ on bit `bit` (0-63) of register `t`. */
export const tbz = (t: number, bit: number, offset: number): number =>
  u32(0x36000000 | ((bit >> 5) << 31) | ((bit & 31) << 19) | (words(offset, 14) << 5) | t);
export const tbnz = (t: number, bit: number, offset: number): number => u32(tbz(t, bit, offset) | 0x01000000);

/** ADR with a byte offset, ADRP with a page count. */
function pcRelative(op: number, d: number, imm21: number): number {
  if (!Number.isInteger(imm21) || imm21 < -(2 ** 20) || imm21 >= 2 ** 20) throw new Error(`${imm21} does not fit imm21`);
  const imm = imm21 & 0x1fffff;
  return u32((op << 31) | ((imm & 3) << 29) | 0x10000000 | ((imm >> 2) << 5) | d);
}
export const adr = (d: number, offset: number): number => pcRelative(0, d, offset);
export const adrp = (d: number, pages: number): number => pcRelative(1, d, pages);

export const br = (n: number): number => u32(0xd61f0000 | (n << 5));
export const blr = (n: number): number => u32(0xd63f0000 | (n << 5));
export const ret = (n = 30): number => u32(0xd65f0000 | (n << 5));

/** The condition codes by name, cond field values 0-15. */
export const Cond = {
  EQ: 0, NE: 1, CS: 2, CC: 3, MI: 4, PL: 5, VS: 6, VC: 7, HI: 8, LS: 9, GE: 10, LT: 11, GT: 12, LE: 13, AL: 14, NV: 15,
} as const;

/** NZCV as PSTATE holds it (bits 31:28), from flags given as letters, e.g. nzcvOf('ZC'). */
export function nzcvOf(flags: string): number {
  let value = 0;
  if (flags.includes('N')) value |= 1 << 31;
  if (flags.includes('Z')) value |= 1 << 30;
  if (flags.includes('C')) value |= 1 << 29;
  if (flags.includes('V')) value |= 1 << 28;
  return value >>> 0;
}
