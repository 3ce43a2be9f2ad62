import { type FdTable, MAX_DESCRIPTORS } from '../fs/FdTable.js';
import { DEFAULT_POLLMASK, PollEvents } from '../fs/PollEvents.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { GuestFault } from '../memory/GuestFault.js';
import { UNBLOCKABLE } from '../signals/defaultAction.js';
import { readSet } from './signalSyscalls.js';
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

/** What a descriptor wait reads and writes back: `scan` counts the ready ones, `report` stores the results. */
interface DescriptorWait {
  readonly scan: () => number;
  readonly report: (ready: number) => number;
  /** Clears what a wait cut short by a signal reports (nothing ready). */
  readonly clear: () => void;
}

/**
 * The common part of poll, ppoll, select and pselect6 (do_poll, do_select): returns at once when
 * a descriptor is ready or the deadline is now, else blocks until one is, until the deadline in
 * virtual time (none without a timeout), or until a signal, which fails it with EINTR whatever
 * SA_RESTART says. With `mask` (ppoll, pselect6), the task waits with that signal mask and gets
 * its own back when the wait ends, or at sigreturn when a signal's handler ran.
 */
function waitForDescriptors(ctx: SyscallContext, wait: DescriptorWait, timeout: Timeout | undefined, mask: bigint | undefined): number | typeof KEEP_REGISTERS {
  const deadlineNs = timeout?.deadlineNs;
  const finish = (ready: number): number => {
    timeout?.writeBack(Math.max(0, timeout.deadlineNs - ctx.kernel.nowNs()));
    return wait.report(ready);
  };
  const ready = wait.scan();
  if (ready > 0 || deadlineNs === ctx.kernel.nowNs()) return finish(ready);
  const task = ctx.task;
  const restoreMask = () => {
    if (task.suspendedMask === undefined) return;
    task.sigmask = task.suspendedMask;
    task.suspendedMask = undefined;
  };
  if (mask !== undefined) {
    task.suspendedMask = task.sigmask;
    task.sigmask = mask & ~UNBLOCKABLE;
  }
  return ctx.kernel.block(task, {
    reason: 'poll',
    deadlineNs,
    restartable: false,
    interruptible: true,
    poll: (timedOut) => {
      const now = wait.scan();
      if (now === 0 && !timedOut) return undefined;
      restoreMask();
      return finish(now);
    },
    cancel: () => {
      wait.clear();
      try {
        finish(0);
      } catch (error) {
        // The array was unmapped meanwhile (another thread): Linux's EFAULT there is lost to the EINTR.
        if (!(error instanceof GuestFault)) throw error;
      }
    },
  });
}

/** The pollfd array at `address`: every revents stored, zero included, however the wait ends. */
function pollfds(ctx: SyscallContext, address: number, count: number): DescriptorWait {
  if (count > MAX_DESCRIPTORS) throw new SyscallError(Errno.EINVAL);
  const entries = ctx.memory.read(address, count * POLLFD_SIZE);
  const view = new DataView(entries.buffer, entries.byteOffset, entries.byteLength);
  const fds = ctx.process.fds;
  return {
    scan: () => {
      let ready = 0;
      for (let at = 0; at < entries.length; at += POLLFD_SIZE) {
        const revents = pollDescriptor(fds, view.getInt32(at, true), view.getUint16(at + 4, true));
        view.setUint16(at + 6, revents, true);
        if (revents !== 0) ready++;
      }
      return ready;
    },
    // Only the revents fields are stored back: another thread may be rewriting fd and events.
    report: (ready) => {
      for (let at = 0; at < entries.length; at += POLLFD_SIZE) ctx.memory.write(address + at + 6, entries.subarray(at + 6, at + 8));
      return ready;
    },
    clear: () => {
      for (let at = 0; at < entries.length; at += POLLFD_SIZE) view.setUint16(at + 6, 0, true);
    },
  };
}

/** The events that make a descriptor count in select's read, write and exception sets (POLLIN_SET...). */
const SELECT_EVENTS = [
  PollEvents.POLLIN | PollEvents.POLLRDNORM | PollEvents.POLLHUP | PollEvents.POLLERR,
  PollEvents.POLLOUT | PollEvents.POLLWRNORM | PollEvents.POLLERR,
  PollEvents.POLLPRI,
];

/** The three fd_set bitmaps of select: each descriptor asked for must be open (EBADF); results replace the sets. */
function fdSets(ctx: SyscallContext, count: number, addresses: readonly number[]): DescriptorWait {
  if (count < 0) throw new SyscallError(Errno.EINVAL);
  const fds = ctx.process.fds;
  const bytes = Math.ceil(Math.min(count, MAX_DESCRIPTORS) / 64) * 8;
  const asked = addresses.map((address) => (address === 0 ? undefined : ctx.memory.read(address, bytes)));
  const results = asked.map((set) => (set === undefined ? undefined : new Uint8Array(set.length)));
  const wanted = (set: Uint8Array | undefined, fd: number) => set !== undefined && (set[fd >> 3]! & (1 << (fd & 7))) !== 0;
  for (let fd = 0; fd < bytes * 8 && fd < count; fd++) if (asked.some((set) => wanted(set, fd)) && !fds.has(fd)) throw new SyscallError(Errno.EBADF);
  return {
    scan: () => {
      let ready = 0;
      results.forEach((set) => set?.fill(0));
      for (let fd = 0; fd < bytes * 8 && fd < count; fd++) {
        if (!asked.some((set) => wanted(set, fd))) continue;
        const revents = fds.has(fd) ? (fds.get(fd).poll?.() ?? DEFAULT_POLLMASK) : 0;
        asked.forEach((set, i) => {
          if (!wanted(set, fd) || (revents & SELECT_EVENTS[i]!) === 0) return;
          results[i]![fd >> 3]! |= 1 << (fd & 7);
          ready++;
        });
      }
      return ready;
    },
    report: (ready) => {
      results.forEach((set, i) => {
        if (set !== undefined) ctx.memory.write(addresses[i]!, set);
      });
      return ready;
    },
    clear: () => results.forEach((set) => set?.fill(0)),
  };
}

/** When a wait ends, and how the time left is written back (poll_select_finish: select, pselect6 and ppoll do; poll does not). */
interface Timeout {
  readonly deadlineNs: number;
  readonly writeBack: (remainingNs: number) => void;
}

/** The relative timeout (struct timeval, or timespec with `unitNs` 1) at `address`; undefined when there is none. */
function timeoutAt(ctx: SyscallContext, address: number, unitNs: number): Timeout | undefined {
  if (address === 0) return undefined;
  const view = new DataView(ctx.memory.read(address, 16).buffer);
  const seconds = Number(view.getBigInt64(0, true));
  const fraction = Number(view.getBigInt64(8, true));
  if (seconds < 0 || fraction < 0 || fraction * unitNs >= 1e9) throw new SyscallError(Errno.EINVAL);
  return {
    deadlineNs: ctx.kernel.nowNs() + seconds * 1e9 + fraction * unitNs,
    writeBack: (remainingNs) => {
      const out = new DataView(new ArrayBuffer(16));
      out.setBigInt64(0, BigInt(Math.floor(remainingNs / 1e9)), true);
      out.setBigInt64(8, BigInt(Math.floor((remainingNs % 1e9) / unitNs)), true);
      ctx.memory.write(address, new Uint8Array(out.buffer));
    },
  };
}

/** ppoll's and pselect6's optional temporary signal mask. */
function temporaryMask(ctx: SyscallContext, address: number, size: number): bigint | undefined {
  if (address === 0) return undefined;
  if (size !== 8) throw new SyscallError(Errno.EINVAL);
  return readSet(ctx, address);
}

/** Waiting for descriptors to become ready. */
export const pollSyscalls: SyscallTable = {
  poll: (ctx) => {
    const timeoutMs = ctx.args.int(2);
    const timeout = timeoutMs < 0 ? undefined : { deadlineNs: ctx.kernel.nowNs() + timeoutMs * 1e6, writeBack: () => {} };
    return waitForDescriptors(ctx, pollfds(ctx, ctx.args.ulong(0), ctx.args.u32(1)), timeout, undefined);
  },
  ppoll: (ctx) => {
    const wait = pollfds(ctx, ctx.args.ulong(0), ctx.args.u32(1));
    return waitForDescriptors(ctx, wait, timeoutAt(ctx, ctx.args.ulong(2), 1), temporaryMask(ctx, ctx.args.ulong(3), ctx.args.ulong(4)));
  },
  select: (ctx) => {
    const wait = fdSets(ctx, ctx.args.int(0), [ctx.args.ulong(1), ctx.args.ulong(2), ctx.args.ulong(3)]);
    return waitForDescriptors(ctx, wait, timeoutAt(ctx, ctx.args.ulong(4), 1000), undefined);
  },
  pselect6: (ctx) => {
    const wait = fdSets(ctx, ctx.args.int(0), [ctx.args.ulong(1), ctx.args.ulong(2), ctx.args.ulong(3)]);
    // The sixth argument points at { const sigset_t *mask; size_t size }.
    const maskArgument = ctx.args.ulong(5);
    let mask: bigint | undefined;
    if (maskArgument !== 0) {
      const view = new DataView(ctx.memory.read(maskArgument, 16).buffer);
      mask = temporaryMask(ctx, Number(view.getBigUint64(0, true)), Number(view.getBigUint64(8, true)));
    }
    return waitForDescriptors(ctx, wait, timeoutAt(ctx, ctx.args.ulong(4), 1), mask);
  },
};
