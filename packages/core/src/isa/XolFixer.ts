import { type GuestMemory } from '../memory/GuestMemory.js';
import { type InstructionAnalysis } from './InstructionAnalysis.js';
import { type RegisterFile } from './RegisterFile.js';

/**
 * Per-hit scratch an XOL fixer keeps between pre and post (≈ struct arch_uprobe_task). One is
 * kept per task and reused, so a hit allocates nothing.
 */
export interface XolContext {
  analysis: InstructionAnalysis;
  /** Where the copy sits. */
  slotAddress: number;
  /** What preXol saved (a scratch register's halves), restored by post or abort. */
  readonly saved: number[];
}

/** How a PC-relative operand is made to work from the slot. */
export type PcRelativeMethod =
  /** Rewrite it to use a scratch register loaded with the original PC (the kernel's way; any distance, needs pre/post). */
  | 'scratch-register'
  /** Re-encode the displacement for the slot's address (only within reach; needs no fixup afterwards). */
  | 're-encode';

export interface SlotRequest {
  readonly slotAddress: number;
  /** Append a jump to this address after the copy: a boosted probe returns by itself, with no step trap. */
  readonly boostTo?: number;
  readonly pcRelative: PcRelativeMethod;
}

/** A memory range an instruction will access, for validating it before it runs at another privilege level. */
export interface MemoryAccess {
  readonly address: number;
  readonly length: number;
  readonly write: boolean;
}

/** XOL fixup facet: the out-of-line copy, the repairs around it, and the kernel's own simulations. */
export interface XolFixer {
  /**
   * The bytes to place in a slot (≈ arch_uprobe_analyze_insn's ixol plus arch_uprobe_copy_ixol), or
   * undefined when this request cannot be met (a re-encoded displacement out of reach).
   */
  slotBytes(analysis: InstructionAnalysis, request: SlotRequest): Uint8Array | undefined;
  /** Points the task at the slot and saves what post must restore (≈ arch_uprobe_pre_xol). */
  preXol(regs: RegisterFile, context: XolContext): void;
  /** Repairs PC, return address and scratch state after the step (≈ arch_uprobe_post_xol). */
  postXol(regs: RegisterFile, memory: GuestMemory, context: XolContext): void;
  /** Undoes preXol when the step did not complete (≈ arch_uprobe_abort_xol). */
  abortXol(regs: RegisterFile, context: XolContext): void;
  /**
   * Executes an instruction analysed as 'simulate' on the trapped task (≈ arch_uprobe_skip_sstep with
   * branch_xol_ops/push_xol_ops, arm64 simulate_*). Throws GuestFault if its memory access fails.
   */
  simulate(analysis: InstructionAnalysis, regs: RegisterFile, memory: GuestMemory): void;
  /** The memory the instruction will touch with these registers, or undefined when it cannot be known in advance. */
  memoryAccesses(analysis: InstructionAnalysis, regs: RegisterFile): readonly MemoryAccess[] | undefined;
  /**
   * For return probes at a function's first instruction: replaces the return address with
   * `trampoline` and returns the original (≈ arch_uretprobe_hijack_return_addr).
   */
  hijackReturnAddress(regs: RegisterFile, memory: GuestMemory, trampoline: number): number;
  /** Switches the task between user mode and the intermediate privilege level, where the architecture has one. */
  setIntermediatePrivilege(regs: RegisterFile, intermediate: boolean): void;
}
