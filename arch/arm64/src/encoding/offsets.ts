import { field, signedField } from './fields.js';

/** B, BL: imm26 words, ±128 MiB. */
export const imm26Offset = (word: number): number => signedField(word, 0, 26) * 4;

/** B.cond, BC.cond, CBZ, CBNZ and the literal loads: imm19 words (bits 23:5), ±1 MiB. */
export const imm19Offset = (word: number): number => signedField(word, 5, 19) * 4;

/** TBZ, TBNZ: imm14 words (bits 18:5), ±32 KiB. */
export const imm14Offset = (word: number): number => signedField(word, 5, 14) * 4;

/** ADR and ADRP: immhi:immlo, a signed 21-bit count (bytes for ADR, 4 KiB pages for ADRP). */
export const adrImmediate = (word: number): number => signedField(word, 5, 19) * 4 + field(word, 29, 2);

/** ADRP's result: the 4 KiB page holding `pc`, plus the immediate in pages (±4 GiB). */
export function adrpAddress(word: number, pc: number): number {
  return pc - (pc & 0xfff) + adrImmediate(word) * 0x1000;
}

/** The widest B displacement: imm26 reaches [-2^27, 2^27 - 4]. */
export function branchReaches(offset: number): boolean {
  return offset % 4 === 0 && offset >= -(2 ** 27) && offset < 2 ** 27;
}

/** B with a displacement `branchReaches` accepts. */
export function encodeB(offset: number): number {
  return (0x14000000 | ((offset / 4) & 0x3ffffff)) >>> 0;
}
