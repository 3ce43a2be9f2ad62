import { type RegisterFile } from './RegisterFile.js';

/** Hardware (debug register) execution breakpoints, per task (x86 DR0-DR3 + DR7; arm64 DBGBVR/DBGBCR). */
export interface HardwareBreakpoints {
  /** How many a task has. */
  readonly count: number;
  arm(regs: RegisterFile, slot: number, address: number): void;
  disarm(regs: RegisterFile, slot: number): void;
  /** Whether debug register `slot` of the task is in use. */
  armed(regs: RegisterFile, slot: number): boolean;
  /** Lets the instruction at the breakpoint run once without trapping again (x86 RFLAGS.RF). */
  resume(regs: RegisterFile): void;
}
