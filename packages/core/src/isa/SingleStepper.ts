import { type RegisterFile } from './RegisterFile.js';

/**
 * Single-step facet: arm the hardware to trap after the next instruction and disarm it,
 * hiding the mechanism from the guest (x86 RFLAGS.TF; arm64 MDSCR_EL1.SS with SPSR.SS).
 */
export interface SingleStepper {
  enable(regs: RegisterFile): void;
  disable(regs: RegisterFile): void;
}
