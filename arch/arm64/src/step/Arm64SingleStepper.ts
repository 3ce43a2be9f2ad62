import { type RegisterFile, type SingleStepper } from '@ubp/core';
import { arm64Registers } from '../state/Arm64RegisterFile.js';

/**
 * The single-step facet of arm64: user_enable_single_step sets TIF_SINGLESTEP, and on the way
 * back to EL0 the kernel sets MDSCR_EL1.SS and SPSR_EL1.SS, so the CPU takes a software-step
 * exception after one instruction. Here arming only records that in `singleStep`: there is no
 * arm64 CPU facet to take the exception, so nothing consumes the flag yet.
 */
export class Arm64SingleStepper implements SingleStepper {
  /** Returns whether the task was already being stepped (a debugger's PTRACE_SINGLESTEP). */
  enable(regs: RegisterFile): boolean {
    const arm64 = arm64Registers(regs);
    const guestWasStepping = arm64.singleStep;
    arm64.singleStep = true;
    return guestWasStepping;
  }

  /**
   * Disarms the step unless `keep` says the guest is stepping itself. Linux's
   * arch_uprobe_post_xol calls user_disable_single_step unconditionally, dropping a debugger's
   * step (arm64 keeps no saved_tf as x86 does); the core's contract keeps it. No A64
   * instruction can arm a step by itself, as x86's popf can.
   */
  disable(regs: RegisterFile, keep: boolean): void {
    if (!keep) arm64Registers(regs).singleStep = false;
  }
}
