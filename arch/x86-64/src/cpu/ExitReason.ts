/** Values of `X86RegisterFile.exit`, set by generated code to leave the run loop. */
export const ExitReason = {
  None: 0,
  Syscall: 1,
  Breakpoint: 2,
  Fault: 3,
} as const;
