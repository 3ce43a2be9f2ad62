import { type KEEP_REGISTERS } from '../syscalls/SyscallContext.js';

/**
 * Why a task is blocked in a syscall, and how it gets out (the task sleeping on a wait queue).
 * The scheduler polls a blocked task when it looks for one to run; the syscall's result is
 * what `poll` returns once the task may go on.
 */
export interface TaskWait {
  /** For the deadlock report: what the task waits for. */
  readonly reason: string;
  /** Virtual time at which the wait ends by itself (a timeout, a sleep), or undefined. */
  readonly deadlineNs: number | undefined;
  /**
   * Restarted after a handler that has SA_RESTART (read, write, wait4...), rather than failing
   * with EINTR (futex waits and sleeps, as Linux).
   */
  readonly restartable: boolean;
  /** False for the waits a signal cannot cut short (a task waiting for an XOL slot is inside a trap, not a syscall). */
  readonly interruptible: boolean;
  /**
   * The syscall's result once the task may go on (KEEP_REGISTERS when the syscall set them
   * itself), or undefined to keep waiting; `timedOut` once the deadline passed.
   */
  poll(timedOut: boolean): number | typeof KEEP_REGISTERS | undefined;
  /** A signal interrupted the wait: leave whatever queue it is on. */
  cancel(): void;
}
