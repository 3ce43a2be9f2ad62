import { Errno } from '../kernel/Errno.js';
import { GuestFault } from '../memory/GuestFault.js';
import { SiCode, Signal } from '../signals/Signal.js';
import { type KEEP_REGISTERS, type SyscallContext } from './SyscallContext.js';

/** SIGPIPE for a write to a pipe or stream socket that no one reads any more. */
export function raiseSigpipe(ctx: SyscallContext): void {
  ctx.kernel.signals.send(ctx.task, { signo: Signal.SIGPIPE, code: SiCode.SI_USER, pid: ctx.process.pid, uid: ctx.kernel.config.credentials.uid });
}

/**
 * A blocking stream transfer that moved some bytes and must go on: Linux sleeps inside its loop
 * there. The task waits until `step` returns the syscall's result; a signal that would interrupt
 * ends the wait early with `partial()`, since a transfer that moved bytes returns their count, not
 * EINTR. `step` runs once first: what it waits for may be there already (the peer closed).
 */
export function keepGoing(ctx: SyscallContext, reason: string, step: () => number | undefined, partial: () => number): number | typeof KEEP_REGISTERS {
  const poll = (): number | undefined => {
    try {
      return step() ?? (ctx.kernel.signals.interrupting(ctx.task) === undefined ? undefined : partial());
    } catch (error) {
      // Another thread unmapped the buffer meanwhile.
      if (error instanceof GuestFault) return -Errno.EFAULT;
      throw error;
    }
  };
  return poll() ?? ctx.kernel.block(ctx.task, { reason, deadlineNs: undefined, restartable: false, interruptible: false, poll, cancel: () => {} });
}
