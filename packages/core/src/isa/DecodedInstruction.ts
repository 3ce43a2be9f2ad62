import { type FlowKind } from './FlowKind.js';

/** One decoded instruction, in arch-neutral terms; no decoder object escapes the arch package. */
export interface DecodedInstruction {
  readonly address: number;
  readonly length: number;
  readonly bytes: Uint8Array;
  /** Disassembly text. */
  readonly text: string;
  readonly mnemonic: string;
  readonly flow: FlowKind;
  /** Direct branch or call target. */
  readonly target?: number;
  /** Address of a PC-relative memory operand or literal (x86 RIP-relative, arm64 LDR literal/ADR). */
  readonly pcRelativeAddress?: number;
}
