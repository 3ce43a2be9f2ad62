import { type Termination } from './Process.js';

/** SIGCHLD's and waitid's si_code for a child that ended (include/uapi/asm-generic/siginfo.h). */
export const ChildCode = {
  CLD_EXITED: 1,
  CLD_KILLED: 2,
  CLD_DUMPED: 3,
} as const;

/**
 * The status word wait4 stores (what WIFEXITED and friends decode): the exit status in bits 8-15,
 * or the signal number with 0x80 when the signal's default action dumps core.
 */
export function waitStatus(termination: Termination): number {
  if (termination.kind === 'exit') return (termination.status & 0xff) << 8;
  return termination.signal | (termination.coreDumped ? 0x80 : 0);
}

/** si_code and si_status of SIGCHLD and waitid: how the child ended, and its exit status or signal. */
export function childState(termination: Termination): { readonly code: number; readonly status: number } {
  if (termination.kind === 'exit') return { code: ChildCode.CLD_EXITED, status: termination.status & 0xff };
  return { code: termination.coreDumped ? ChildCode.CLD_DUMPED : ChildCode.CLD_KILLED, status: termination.signal };
}
