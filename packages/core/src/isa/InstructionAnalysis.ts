import { type DecodedInstruction } from './DecodedInstruction.js';
import { type XolFixup } from './XolFixup.js';

/** What the analysis facet concluded about one instruction (≈ arch_uprobe_analyze_insn). */
export interface InstructionAnalysis {
  readonly instruction: DecodedInstruction;
  /** Why a breakpoint may not be placed here at all, or undefined when it may. */
  readonly refusal: string | undefined;
  /** How an out-of-line copy must be fixed up, when it can run out of line. */
  readonly fixups: readonly XolFixup[];
  /** Whether the copy may be followed by a jump back instead of a single-step (a boosted probe). */
  readonly boostable: boolean;
  /** Why it cannot be boosted, when it cannot. */
  readonly boostRefusal: string | undefined;
  /** Whether the emulate facet can execute it. */
  readonly emulable: boolean;
}
