/** Why an execution engine stopped running a task. */
export const CpuExitKind = {
  /** The instruction budget ran out; nothing else happened. */
  Budget: 0,
  /** A system call instruction retired; the program counter is past it. */
  Syscall: 1,
  /** A breakpoint instruction trapped (x86 int3, arm64 brk). */
  Breakpoint: 2,
  /** A single-step trap after one instruction (x86 RFLAGS.TF). */
  Step: 3,
  /** A hardware (debug register) execution breakpoint matched before the instruction ran. */
  HardwareBreakpoint: 4,
  /** The instruction faulted; `signal`, `code` and `address` say how. */
  Fault: 5,
  /** An address the emulator watches is about to execute (ExecutionEngine.watches): an instrument, not a guest trap. */
  Watch: 6,
} as const;

export type CpuExitKindValue = (typeof CpuExitKind)[keyof typeof CpuExitKind];

/** Filled in by the engine on each stop; reused, so the run loop allocates nothing. */
export class CpuExit {
  kind: CpuExitKindValue = CpuExitKind.Budget;
  /** Address of the instruction that caused the stop (the breakpoint, the faulting or stepped instruction). */
  pc = 0;
  signal = 0;
  /** `si_code`. */
  code = 0;
  /** `si_addr`. */
  address = 0;
  /** For faults: what went wrong, for `ubp`'s own message (e.g. the unsupported instruction). */
  detail = '';
  /** For hardware breakpoints: which debug register matched. */
  slot = 0;
}
