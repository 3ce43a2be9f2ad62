import { type RegisterFile } from './RegisterFile.js';

/**
 * Single-step facet: arm the hardware to trap after the next instruction and disarm it,
 * hiding the mechanism from the guest and keeping a guest's own stepping intact
 * (x86 RFLAGS.TF; arm64 MDSCR_EL1.SS with SPSR.SS).
 */
export interface SingleStepper {
  /** Arms a step and returns whether the guest had stepping armed itself (≈ autask.saved_tf). */
  enable(regs: RegisterFile): boolean;
  /**
   * Disarms the kernel's step. With `keep`, the trap flag is left as the guest now has it: its own
   * stepping, or a value the stepped instruction loaded itself (popf, UPROBE_FIX_SETF).
   */
  disable(regs: RegisterFile, keep: boolean): void;
}
