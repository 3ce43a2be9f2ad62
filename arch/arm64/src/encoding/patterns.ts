/**
 * A64 encodings as mask/value pairs: an instruction word is of a class when its bits under
 * `mask` equal `value`. The values are the Arm ARM's encoding diagrams (A-profile, chapter C4
 * "A64 Instruction Set Encoding"); where Linux tests a class (arch/arm64/include/asm/insn.h,
 * aarch64_insn_is_*), the pair is the one Linux uses, so the analysis decides exactly as the
 * kernel does.
 */
export interface EncodingPattern {
  readonly mask: number;
  readonly value: number;
}

export function matches(word: number, pattern: EncodingPattern): boolean {
  return ((word & pattern.mask) >>> 0) === pattern.value;
}

export function matchesAny(word: number, patterns: readonly EncodingPattern[]): boolean {
  return patterns.some((p) => matches(word, p));
}

const p = (mask: number, value: number): EncodingPattern => ({ mask, value });

// Unconditional branch (immediate): op 31, imm26.
export const B = p(0xfc000000, 0x14000000);
export const BL = p(0xfc000000, 0x94000000);
// Compare and branch (immediate): sf 31, op 24, imm19 23:5, Rt.
export const CBZ = p(0x7f000000, 0x34000000);
export const CBNZ = p(0x7f000000, 0x35000000);
// Test and branch (immediate): b5 31, op 24, b40 23:19, imm14 18:5, Rt.
export const TBZ = p(0x7f000000, 0x36000000);
export const TBNZ = p(0x7f000000, 0x37000000);
// Conditional branch (immediate): imm19 23:5, o0 bit 4 (0: B.cond, 1: BC.cond of FEAT_HBC), cond 3:0.
export const B_COND = p(0xff000010, 0x54000000);
export const BC_COND = p(0xff000010, 0x54000010);
// Unconditional branch (register): opc 24:21, op2 20:16 = 11111, op3 15:10, Rn, op4.
export const BR = p(0xfffffc1f, 0xd61f0000);
export const BLR = p(0xfffffc1f, 0xd63f0000);
export const RET = p(0xfffffc1f, 0xd65f0000);
/** BRAA/BRAB/BRAAZ/BRABZ (FEAT_PAuth). */
export const BR_AUTH = p(0xfefff800, 0xd61f0800);
/** BLRAA/BLRAB/BLRAAZ/BLRABZ. */
export const BLR_AUTH = p(0xfefff800, 0xd63f0800);
/** RETAA/RETAB. */
export const RET_AUTH = p(0xfffffbff, 0xd65f0bff);
export const ERET = p(0xffffffff, 0xd69f03e0);
/** ERETAA/ERETAB. */
export const ERET_AUTH = p(0xfffffbff, 0xd69f0bff);
export const DRPS = p(0xffffffff, 0xd6bf03e0);

// Exception generation: opc 23:21, imm16 20:5, op2 4:2, LL 1:0.
export const EXCEPTION_GENERATING = p(0xff000000, 0xd4000000);
export const SVC = p(0xffe0001f, 0xd4000001);
export const BRK = p(0xffe0001f, 0xd4200000);

// System instructions: L 21, op0 20:19, op1 18:16, CRn 15:12, CRm 11:8, op2 7:5, Rt.
/** MRS: L = 1, op0 = 1x. */
export const MRS = p(0xfff00000, 0xd5300000);
/** MSR (register): L = 0, op0 = 1x. */
export const MSR_REGISTER = p(0xfff00000, 0xd5100000);
/** MSR (immediate) and the other PSTATE instructions (CFINV, XAFLAG, AXFLAG): op0 = 00, CRn = 0100, Rt = 11111. */
export const MSR_IMMEDIATE = p(0xfff8f01f, 0xd500401f);
/** Hints: op0 = 00, op1 = 011, CRn = 0010, Rt = 11111; CRm:op2 (11:5) says which. */
export const HINT = p(0xfffff01f, 0xd503201f);
export const NOP_WORD = 0xd503201f;

// PC-relative addressing: op 31 (0 ADR, 1 ADRP), immlo 30:29, immhi 23:5, Rd.
export const ADR = p(0x9f000000, 0x10000000);
export const ADRP = p(0x9f000000, 0x90000000);

// Load register (literal): opc 31:30, V 26, imm19 23:5, Rt.
/** LDR (literal) into W or X registers (Linux's ldr_lit: V = 0, opc = 0x). */
export const LDR_LITERAL = p(0xbf000000, 0x18000000);
export const LDRSW_LITERAL = p(0xff000000, 0x98000000);
export const PRFM_LITERAL = p(0xff000000, 0xd8000000);
/** LDR (literal, SIMD&FP) into S, D or Q registers: V = 1. */
export const LDR_SIMD_LITERAL = p(0x3f000000, 0x1c000000);

/** Load/store exclusive (LDXR, STXR, LDAXR, STLXR, LDXP, STXP... and CASP, which shares the o2 = 0 space). */
export const EXCLUSIVE = p(0x3f800000, 0x08000000);
/** Memory copy and set (FEAT_MOPS: CPYP/CPYM/CPYE, SETP/SETM/SETE and their variants). */
export const MOPS = p(0x3b200c00, 0x19000400);
/** UDF: the permanently undefined encodings, op0 = 0000 and bits 24:16 zero. */
export const UDF = p(0xffff0000, 0x00000000);
