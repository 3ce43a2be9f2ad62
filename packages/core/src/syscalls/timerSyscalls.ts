import { Errno, SyscallError } from '../kernel/Errno.js';
import { type RealTimer } from '../kernel/RealTimers.js';
import { type SyscallContext, type SyscallTable } from './SyscallContext.js';

const ITIMER_REAL = 0;
const ITIMER_VIRTUAL = 1;
const ITIMER_PROF = 2;
const NS_PER_USEC = 1000;
const NS_PER_SEC = 1e9;

/** struct itimerval in nanoseconds: the reload interval, then the time to the next expiry. */
interface Itimerval {
  readonly intervalNs: number;
  readonly valueNs: number;
}

function readTimeval(view: DataView, offset: number): number {
  const seconds = Number(view.getBigInt64(offset, true));
  const microseconds = Number(view.getBigInt64(offset + 8, true));
  if (seconds < 0 || microseconds < 0 || microseconds >= 1e6) throw new SyscallError(Errno.EINVAL);
  return seconds * NS_PER_SEC + microseconds * NS_PER_USEC;
}

function readItimerval(ctx: SyscallContext, address: number): Itimerval {
  // A null new value disarms, as Linux still accepts (with a warning) for old programs.
  if (address === 0) return { intervalNs: 0, valueNs: 0 };
  const view = new DataView(ctx.memory.read(address, 32).buffer);
  return { intervalNs: readTimeval(view, 0), valueNs: readTimeval(view, 16) };
}

function writeItimerval(ctx: SyscallContext, address: number, value: Itimerval): void {
  const out = new Uint8Array(32);
  const view = new DataView(out.buffer);
  [value.intervalNs, value.valueNs].forEach((ns, i) => {
    view.setBigInt64(16 * i, BigInt(Math.floor(ns / NS_PER_SEC)), true);
    view.setBigInt64(16 * i + 8, BigInt(Math.floor((ns % NS_PER_SEC) / NS_PER_USEC)), true);
  });
  ctx.memory.write(address, out);
}

/** What getitimer reports of a timer: an armed one that is due reads as 1 µs, never as disarmed (itimer_get_remtime). */
function remaining(ctx: SyscallContext, timer: RealTimer | undefined): Itimerval {
  if (timer === undefined) return { intervalNs: 0, valueNs: 0 };
  return { intervalNs: timer.intervalNs, valueNs: Math.max(NS_PER_USEC, timer.deadlineNs - ctx.kernel.nowNs()) };
}

/** Arms or disarms the caller's ITIMER_REAL; returns what it was. */
function setReal(ctx: SyscallContext, value: Itimerval): Itimerval {
  const timer = value.valueNs === 0 ? undefined : { deadlineNs: ctx.kernel.nowNs() + value.valueNs, intervalNs: value.intervalNs };
  return remaining(ctx, ctx.kernel.realTimers.set(ctx.process, timer));
}

/** ITIMER_VIRTUAL and ITIMER_PROF count the process's own CPU time, which the scheduler does not keep apart. */
function cpuTimer(ctx: SyscallContext, which: number, value: Itimerval | undefined): Itimerval {
  if (value !== undefined && value.valueNs !== 0) {
    ctx.kernel.config.trace?.(`setitimer: ${which === ITIMER_VIRTUAL ? 'ITIMER_VIRTUAL' : 'ITIMER_PROF'} is not implemented: ENOSYS`);
    throw new SyscallError(Errno.ENOSYS);
  }
  return { intervalNs: 0, valueNs: 0 };
}

function checkWhich(which: number): void {
  if (which !== ITIMER_REAL && which !== ITIMER_VIRTUAL && which !== ITIMER_PROF) throw new SyscallError(Errno.EINVAL);
}

/** Interval timers on the virtual clock: SIGALRM from ITIMER_REAL and alarm(). */
export const timerSyscalls: SyscallTable = {
  setitimer: (ctx) => {
    const which = ctx.args.int(0);
    checkWhich(which);
    const value = readItimerval(ctx, ctx.args.ulong(1));
    const old = which === ITIMER_REAL ? setReal(ctx, value) : cpuTimer(ctx, which, value);
    if (ctx.args.ulong(2) !== 0) writeItimerval(ctx, ctx.args.ulong(2), old);
    return 0;
  },
  getitimer: (ctx) => {
    const which = ctx.args.int(0);
    checkWhich(which);
    const current = which === ITIMER_REAL ? remaining(ctx, ctx.kernel.realTimers.get(ctx.process)) : cpuTimer(ctx, which, undefined);
    writeItimerval(ctx, ctx.args.ulong(1), current);
    return 0;
  },
  alarm: (ctx) => {
    const old = setReal(ctx, { intervalNs: 0, valueNs: (ctx.args.ulong(0) >>> 0) * NS_PER_SEC });
    // alarm_setitimer: whole seconds, rounded to nearest, and never 0 for a timer still armed.
    const seconds = Math.floor(old.valueNs / NS_PER_SEC);
    const microseconds = Math.floor((old.valueNs % NS_PER_SEC) / NS_PER_USEC);
    return (seconds === 0 && microseconds > 0) || microseconds >= 500_000 ? seconds + 1 : seconds;
  },
};
