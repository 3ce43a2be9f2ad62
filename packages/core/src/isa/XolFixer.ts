import { type GuestMemory } from '../memory/GuestMemory.js';
import { type InstructionAnalysis } from './InstructionAnalysis.js';
import { type RegisterFile } from './RegisterFile.js';

/** Per-hit scratch an XOL fixer keeps between pre and post (≈ struct arch_uprobe_task). */
export interface XolContext {
  readonly analysis: InstructionAnalysis;
  /** Where the copy sits. */
  readonly slotAddress: number;
  /** Whatever the arch saved in preXol (a scratch register, the flags), restored in post/abort. */
  saved: bigint[];
}

/** XOL fixup facet: prepares the out-of-line copy and repairs state around its execution. */
export interface XolFixer {
  /** The bytes to write into a slot at `slotAddress` (≈ arch_uprobe_copy_ixol plus the riprel rewrite). */
  slotBytes(analysis: InstructionAnalysis, slotAddress: number): Uint8Array;
  /** Points the task at the slot and saves what post must restore (≈ arch_uprobe_pre_xol). */
  preXol(regs: RegisterFile, context: XolContext): void;
  /** Repairs PC, return address and scratch state after the step (≈ arch_uprobe_post_xol). */
  postXol(regs: RegisterFile, memory: GuestMemory, context: XolContext): void;
  /** Undoes preXol when the step did not complete (≈ arch_uprobe_abort_xol). */
  abortXol(regs: RegisterFile, context: XolContext): void;
}
