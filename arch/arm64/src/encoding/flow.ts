import { type FlowKind } from '@ubp/core';
import { adrImmediate, adrpAddress, imm14Offset, imm19Offset, imm26Offset } from './offsets.js';
import {
  ADR, ADRP, B, B_COND, BC_COND, BL, BLR, BLR_AUTH, BR, BR_AUTH, BRK, CBNZ, CBZ, DRPS, type EncodingPattern, ERET,
  ERET_AUTH, EXCEPTION_GENERATING, LDR_LITERAL, LDR_SIMD_LITERAL, LDRSW_LITERAL, matchesAny, PRFM_LITERAL, RET,
  RET_AUTH, SVC, TBNZ, TBZ, UDF,
} from './patterns.js';

/** How an A64 instruction moves the PC, and the addresses it names relative to its own. */
export interface A64Flow {
  readonly flow: FlowKind;
  readonly target?: number;
  readonly pcRelativeAddress?: number;
}

interface DirectBranch {
  readonly patterns: readonly EncodingPattern[];
  readonly flow: FlowKind;
  readonly offset: (word: number) => number;
}

const DIRECT_BRANCHES: readonly DirectBranch[] = [
  { patterns: [B], flow: 'jump', offset: imm26Offset },
  { patterns: [BL], flow: 'call', offset: imm26Offset },
  { patterns: [B_COND, BC_COND, CBZ, CBNZ], flow: 'conditional-jump', offset: imm19Offset },
  { patterns: [TBZ, TBNZ], flow: 'conditional-jump', offset: imm14Offset },
];

// SVC and BRK come before the rest of their group: HVC, SMC, HLT and DCPSx, like ERET and DRPS,
// are undefined at EL0 and raise SIGILL there, as does UDF.
const OTHER_FLOWS: ReadonlyArray<{ readonly patterns: readonly EncodingPattern[]; readonly flow: FlowKind }> = [
  { patterns: [BR, BR_AUTH], flow: 'indirect-jump' },
  { patterns: [BLR, BLR_AUTH], flow: 'indirect-call' },
  { patterns: [RET, RET_AUTH], flow: 'return' },
  { patterns: [SVC], flow: 'syscall' },
  { patterns: [BRK], flow: 'interrupt' },
  { patterns: [EXCEPTION_GENERATING, ERET, ERET_AUTH, DRPS, UDF], flow: 'exception' },
];

const LITERAL_LOADS = [LDR_LITERAL, LDRSW_LITERAL, PRFM_LITERAL, LDR_SIMD_LITERAL];

/** The flow of the instruction `word` at `address`, from its encoding alone. */
export function a64Flow(word: number, address: number): A64Flow {
  const direct = DIRECT_BRANCHES.find((b) => matchesAny(word, b.patterns));
  if (direct !== undefined) return { flow: direct.flow, target: address + direct.offset(word) };
  const other = OTHER_FLOWS.find((f) => matchesAny(word, f.patterns));
  if (other !== undefined) return { flow: other.flow };
  if (matchesAny(word, LITERAL_LOADS)) return { flow: 'next', pcRelativeAddress: address + imm19Offset(word) };
  if (matchesAny(word, [ADR])) return { flow: 'next', pcRelativeAddress: address + adrImmediate(word) };
  if (matchesAny(word, [ADRP])) return { flow: 'next', pcRelativeAddress: adrpAddress(word, address) };
  return { flow: 'next' };
}
