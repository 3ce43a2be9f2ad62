import { type FdTable, MAX_DESCRIPTORS } from '../fs/FdTable.js';
import { DEFAULT_POLLMASK, PollEvents } from '../fs/PollEvents.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { GuestFault } from '../memory/GuestFault.js';
import { type KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';

/** sizeof(struct pollfd): int fd, short events, short revents. */
const POLLFD_SIZE = 8;

/**
 * What one descriptor reports, as Linux's do_pollfd: nothing for a negative fd (the caller's
 * way to skip an entry), POLLNVAL for one that is not open, else the file's readiness limited to
 * the requested events, plus POLLERR and POLLHUP, which are reported whether requested or not.
 */
export function pollDescriptor(fds: FdTable, fd: number, events: number): number {
  if (fd < 0) return 0;
  if (!fds.has(fd)) return PollEvents.POLLNVAL;
  const ready = fds.get(fd).poll?.() ?? DEFAULT_POLLMASK;
  return ready & (events | PollEvents.POLLERR | PollEvents.POLLHUP);
}

/**
 * poll(fds, nfds, timeout_ms): returns at once when a descriptor is ready or the timeout is 0,
 * else blocks until one is, until the timeout passes in virtual time (a negative timeout never
 * passes), or until a signal, which fails it with EINTR whatever SA_RESTART says. Like Linux it
 * stores every revents, zero included, however it returns.
 */
function poll(ctx: SyscallContext): number | typeof KEEP_REGISTERS {
  const address = ctx.args.ulong(0);
  const count = ctx.args.u32(1);
  const timeoutMs = ctx.args.int(2);
  if (count > MAX_DESCRIPTORS) throw new SyscallError(Errno.EINVAL);
  const entries = ctx.memory.read(address, count * POLLFD_SIZE);
  const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
  const fds = ctx.process.fds;
  const scan = (): number => {
    let ready = 0;
    for (let at = 0; at < entries.length; at += POLLFD_SIZE) {
      const revents = pollDescriptor(fds, view.getInt32(at, true), view.getUint16(at + 4, true));
      view.setUint16(at + 6, revents, true);
      if (revents !== 0) ready++;
    }
    return ready;
  };
  // Only the revents fields are stored back: another thread may be rewriting fd and events.
  const report = (ready: number): number => {
    for (let at = 0; at < entries.length; at += POLLFD_SIZE) ctx.memory.write(address + at + 6, entries.subarray(at + 6, at + 8));
    return ready;
  };
  const ready = scan();
  if (ready > 0 || timeoutMs === 0) return report(ready);
  return ctx.kernel.block(ctx.task, {
    reason: 'poll',
    deadlineNs: timeoutMs < 0 ? undefined : ctx.kernel.nowNs() + timeoutMs * 1e6,
    restartable: false,
    interruptible: true,
    poll: (timedOut) => {
      const now = scan();
      return now > 0 || timedOut ? report(now) : undefined;
    },
    cancel: () => {
      for (let at = 0; at < entries.length; at += POLLFD_SIZE) view.setUint16(at + 6, 0, true);
      try {
        report(0);
      } catch (error) {
        // The array was unmapped meanwhile (another thread): Linux's EFAULT there is lost to the EINTR.
        if (!(error instanceof GuestFault)) throw error;
      }
    },
  });
}

/** Waiting for descriptors to become ready. */
export const pollSyscalls: SyscallTable = {
  poll,
};
