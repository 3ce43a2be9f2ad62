/** The fields of `siginfo_t` that Linux fills for the signals we deliver. */
export interface SigInfo {
  signo: number;
  code: number;
  errno?: number;
  /** Faulting address for SIGSEGV/SIGBUS/SIGILL/SIGFPE/SIGTRAP. */
  address?: number;
  /** Sender, for kill/tgkill/raise. */
  pid?: number;
  uid?: number;
  /** For SIGCHLD. */
  status?: number;
}
