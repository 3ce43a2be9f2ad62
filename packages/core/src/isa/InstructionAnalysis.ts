import { type DecodedInstruction } from './DecodedInstruction.js';
import { type XolFixup } from './XolFixup.js';

/**
 * How the kernel runs a probed instruction when no emulator is asked to: 'simulate' computes its
 * effect from the trapped registers, with no slot and no step (x86 branch_xol_ops and
 * push_xol_ops, arm64 INSN_GOOD_NO_SLOT); 'step' copies it to a slot and single-steps it.
 */
export type XolMode = 'simulate' | 'step';

/** What the analysis facet concluded about one instruction (≈ arch_uprobe_analyze_insn). */
export interface InstructionAnalysis {
  readonly instruction: DecodedInstruction;
  /** Why a breakpoint may not be placed here at all (≈ uprobe_init_insn, INSN_REJECTED), or undefined. */
  readonly refusal: string | undefined;
  readonly mode: XolMode;
  /** For 'step': what must be fixed up around the step. */
  readonly fixups: readonly XolFixup[];
  /** Why the copy cannot be followed by a jump back to the next instruction (a boosted probe), or undefined. */
  readonly boostRefusal: string | undefined;
  /** Why the emulate facet cannot execute it, or undefined. */
  readonly emulateRefusal: string | undefined;
  /** Why it must not run out of line at an intermediate privilege level, or undefined. */
  readonly privilegedStepRefusal: string | undefined;
}
