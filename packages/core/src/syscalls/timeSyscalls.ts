import { Errno, SyscallError } from '../kernel/Errno.js';
import { ClockId, readClock } from '../time/clocks.js';
import { type KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';

const TIMER_ABSTIME = 1;

/** Reads a struct timespec, rejecting out-of-range nanoseconds as Linux does. */
export function readTimespec(ctx: SyscallContext, address: number): { seconds: number; nanoseconds: number } {
  const view = new DataView(ctx.memory.read(address, 16).buffer);
  const seconds = Number(view.getBigInt64(0, true));
  const nanoseconds = Number(view.getBigInt64(8, true));
  if (seconds < 0 || nanoseconds < 0 || nanoseconds >= 1e9) throw new SyscallError(Errno.EINVAL);
  return { seconds, nanoseconds };
}

function writePair(ctx: SyscallContext, address: number, first: number, second: number): void {
  const out = new Uint8Array(16);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, BigInt(first), true);
  view.setBigInt64(8, BigInt(second), true);
  ctx.memory.write(address, out);
}

function clockNow(ctx: SyscallContext, id: number): { seconds: number; nanoseconds: number } {
  const reading = readClock(id, ctx.kernel.nowNs());
  if (reading === undefined) throw new SyscallError(Errno.EINVAL);
  return reading;
}

/** The virtual time at which a timespec at `address` expires: relative to now, or an absolute reading of `clock`. */
export function deadlineNs(ctx: SyscallContext, clock: number, absolute: boolean, address: number): number {
  const { seconds, nanoseconds } = readTimespec(ctx, address);
  let delay = seconds * 1e9 + nanoseconds;
  if (absolute) {
    const now = clockNow(ctx, clock);
    delay -= now.seconds * 1e9 + now.nanoseconds;
  }
  return ctx.kernel.nowNs() + Math.max(0, delay);
}

/**
 * A sleep blocks until its deadline in virtual time, while other tasks run; when every task
 * waits, the kernel skips ahead to the first deadline. Cut short by a handled signal, it fails
 * with EINTR and a relative sleep stores the time that was left in `remain`.
 */
function sleep(ctx: SyscallContext, clock: number, flags: number, request: number, remain: number): number | typeof KEEP_REGISTERS {
  const absolute = (flags & TIMER_ABSTIME) !== 0;
  const deadline = deadlineNs(ctx, clock, absolute, request);
  const kernel = ctx.kernel;
  return kernel.block(ctx.task, {
    reason: 'sleep',
    deadlineNs: deadline,
    restartable: false,
    interruptible: true,
    poll: (timedOut) => (timedOut ? 0 : undefined),
    cancel: () => {
      if (!absolute && remain !== 0) {
        const left = Math.max(0, deadline - kernel.nowNs());
        writePair(ctx, remain, Math.floor(left / 1e9), left % 1e9);
      }
    },
  });
}

/** Clocks, virtual and deterministic. */
export const timeSyscalls: SyscallTable = {
  clock_gettime: (ctx) => {
    const now = clockNow(ctx, ctx.args.int(0));
    writePair(ctx, ctx.args.ulong(1), now.seconds, now.nanoseconds);
    return 0;
  },
  clock_getres: (ctx) => {
    clockNow(ctx, ctx.args.int(0));
    if (ctx.args.ulong(1) !== 0) writePair(ctx, ctx.args.ulong(1), 0, 1);
    return 0;
  },
  gettimeofday: (ctx) => {
    const now = clockNow(ctx, ClockId.CLOCK_REALTIME);
    if (ctx.args.ulong(0) !== 0) writePair(ctx, ctx.args.ulong(0), now.seconds, Math.floor(now.nanoseconds / 1000));
    if (ctx.args.ulong(1) !== 0) ctx.memory.write(ctx.args.ulong(1), new Uint8Array(8));
    return 0;
  },
  time: (ctx) => {
    const seconds = clockNow(ctx, ClockId.CLOCK_REALTIME).seconds;
    if (ctx.args.ulong(0) !== 0) ctx.memory.write(ctx.args.ulong(0), new Uint8Array(new BigInt64Array([BigInt(seconds)]).buffer));
    return seconds;
  },
  nanosleep: (ctx) => sleep(ctx, ClockId.CLOCK_MONOTONIC, 0, ctx.args.ulong(0), ctx.args.ulong(1)),
  clock_nanosleep: (ctx) => {
    clockNow(ctx, ctx.args.int(0));
    return sleep(ctx, ctx.args.int(0), ctx.args.int(1), ctx.args.ulong(2), ctx.args.ulong(3));
  },
};
