import { type Code, type Mnemonic, type Register } from './iced.js';

export const OperandKind = {
  Register: 0,
  Memory: 1,
  Immediate: 2,
  Branch: 3,
  /** String instructions' implicit [rsi]/[rdi] operands. */
  StringMemory: 4,
} as const;

export type OperandKindValue = (typeof OperandKind)[keyof typeof OperandKind];

export interface X86Operand {
  readonly kind: OperandKindValue;
  /** iced Register, for Register operands. */
  readonly register: Register;
  /** Operand size in bytes (for memory, the memory operand size; for a near branch, the width of RIP it sets). */
  readonly size: number;
}

/** Segment override of a memory operand: only FS and GS have a base in 64-bit mode. */
export const SegmentBase = { None: 0, Fs: 1, Gs: 2 } as const;

/**
 * One decoded x86-64 instruction as the CPU and the XOL facets use it: plain data copied out
 * of iced once, so no wasm object outlives the decoder.
 */
export interface X86Insn {
  readonly address: number;
  readonly length: number;
  readonly next: number;
  readonly bytes: Uint8Array;
  readonly code: Code;
  readonly mnemonic: Mnemonic;
  readonly operands: readonly X86Operand[];
  /** Memory operand: base and index as GPR numbers (-1 for none); RIP-relative is folded into `displacement`. */
  readonly memBase: number;
  readonly memIndex: number;
  readonly memScale: number;
  /** Signed displacement, or the absolute address of a RIP-relative operand. */
  readonly displacement: number;
  readonly ripRelative: boolean;
  readonly segment: number;
  /**
   * The memory operand is addressed through SS (an RSP or RBP base without an FS or GS override):
   * a non-canonical address there is a stack fault (#SS), not a general-protection fault (#GP).
   */
  readonly stackSegment: boolean;
  /**
   * 32-bit addressing (0x67 prefix), whatever addresses: the memory operand, the string
   * instructions' ESI/EDI, the ECX counter of LOOPcc and JECXZ.
   */
  readonly address32: boolean;
  /** Memory operand size in bytes, 0 when there is none. */
  readonly memSize: number;
  /** First immediate, sign- or zero-extended as the encoding says, as low and high 32-bit halves. */
  readonly imm: number;
  readonly immHi: number;
  /** Second immediate (ENTER, EXTRQ...). */
  readonly imm2: number;
  /** Near branch target, already truncated to 16 bits for a branch with an operand-size prefix. */
  readonly target: number;
  readonly rep: boolean;
  readonly repne: boolean;
  readonly lock: boolean;
  /** iced ConditionCode for Jcc/SETcc/CMOVcc. */
  readonly condition: number;
  /** iced RflagsBits read and modified. */
  readonly flagsRead: number;
  readonly flagsModified: number;
  /** iced FlowControl. */
  readonly flow: number;
  readonly stackInstruction: boolean;
  /** How the instruction moves RSP (-8 for a 64-bit push, +2 for a 16-bit pop...). */
  readonly stackDelta: number;
}
