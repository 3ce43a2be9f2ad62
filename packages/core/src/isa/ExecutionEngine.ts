import { type CpuExit } from './CpuExit.js';
import { type RegisterFile } from './RegisterFile.js';

/** Runs guest code of one address space; threads of a process share it (and its code cache). */
export interface ExecutionEngine {
  /**
   * Runs the task whose registers are `regs` until something the kernel must handle happens
   * or exactly `budget` instructions have retired, and says which in `exit`.
   */
  run(regs: RegisterFile, budget: number, exit: CpuExit): void;
  /** Instructions retired by this engine so far. */
  readonly retired: number;
  /**
   * Addresses at which any task of this address space stops before executing the instruction
   * there (CpuExitKind.Watch), until the HardwareBreakpoints facet's `resume` lets it through
   * once: an instrument of the emulator, invisible to the guest (it retires nothing and takes
   * no debug register). inline-hwbp counts the hits its race loses with it.
   */
  readonly watches: Set<number>;
  /** Forgets every decoded instruction (after the code changed in a way memory writes do not show). */
  flushCode(): void;
}
