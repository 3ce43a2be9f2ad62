/** Linux signal numbers (the same on x86-64 and arm64). */
export const Signal = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGQUIT: 3,
  SIGILL: 4,
  SIGTRAP: 5,
  SIGABRT: 6,
  SIGBUS: 7,
  SIGFPE: 8,
  SIGKILL: 9,
  SIGUSR1: 10,
  SIGSEGV: 11,
  SIGUSR2: 12,
  SIGPIPE: 13,
  SIGALRM: 14,
  SIGTERM: 15,
  SIGSTKFLT: 16,
  SIGCHLD: 17,
  SIGCONT: 18,
  SIGSTOP: 19,
  SIGTSTP: 20,
  SIGTTIN: 21,
  SIGTTOU: 22,
  SIGURG: 23,
  SIGXCPU: 24,
  SIGXFSZ: 25,
  SIGVTALRM: 26,
  SIGPROF: 27,
  SIGWINCH: 28,
  SIGIO: 29,
  SIGPWR: 30,
  SIGSYS: 31,
} as const;

export const SIGRTMIN = 32;
export const SIGNAL_COUNT = 64;

const names = new Map<number, string>(Object.entries(Signal).map(([name, n]) => [n, name]));

export function signalName(signal: number): string {
  return names.get(signal) ?? (signal >= SIGRTMIN && signal <= SIGNAL_COUNT ? `SIGRT${signal - SIGRTMIN}` : `signal ${signal}`);
}

/** `si_code` values used outside faults. */
export const SiCode = {
  SI_USER: 0,
  SI_KERNEL: 0x80,
  SI_TKILL: -6,
  ILL_ILLOPN: 2,
  ILL_ILLOPC: 1,
  ILL_PRVOPC: 5,
  FPE_INTDIV: 1,
  FPE_INTOVF: 2,
  FPE_FLTDIV: 3,
  FPE_FLTOVF: 4,
  FPE_FLTUND: 5,
  FPE_FLTRES: 6,
  FPE_FLTINV: 7,
  TRAP_BRKPT: 1,
  TRAP_TRACE: 2,
  TRAP_HWBKPT: 4,
  BUS_ADRALN: 1,
} as const;
