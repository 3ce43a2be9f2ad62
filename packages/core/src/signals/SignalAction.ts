/** `sa_flags` bits (x86-64 and arm64 share them). */
export const SaFlags = {
  SA_NOCLDSTOP: 0x1,
  SA_NOCLDWAIT: 0x2,
  SA_SIGINFO: 0x4,
  SA_ONSTACK: 0x08000000,
  SA_RESTART: 0x10000000,
  SA_NODEFER: 0x40000000,
  SA_RESETHAND: 0x80000000,
  SA_RESTORER: 0x04000000,
} as const;

export const SIG_DFL = 0;
export const SIG_IGN = 1;

/** One `struct sigaction` as the kernel keeps it. */
export interface SignalAction {
  handler: number;
  flags: number;
  restorer: number;
  mask: bigint;
}
