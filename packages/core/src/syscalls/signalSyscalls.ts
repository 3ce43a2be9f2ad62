import { Errno, SyscallError } from '../kernel/Errno.js';
import { SS_DISABLE, SS_ONSTACK, type Task } from '../kernel/Task.js';
import { signalBit, UNBLOCKABLE } from '../signals/defaultAction.js';
import { SiCode, Signal, SIGNAL_COUNT } from '../signals/Signal.js';
import { SIG_IGN, type SignalAction } from '../signals/SignalAction.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';

const SIG_BLOCK = 0;
const SIG_UNBLOCK = 1;
const SIG_SETMASK = 2;
const SS_AUTODISARM = 1 << 31;
const MINSIGSTKSZ = 2048;

function checkSetSize(ctx: SyscallContext, index: number): void {
  if (ctx.args.ulong(index) !== 8) throw new SyscallError(Errno.EINVAL);
}

/** Reads a kernel sigset_t (64 signals). */
export function readSet(ctx: SyscallContext, address: number): bigint {
  return new DataView(ctx.memory.read(address, 8).buffer).getBigUint64(0, true);
}

function writeSet(ctx: SyscallContext, address: number, set: bigint): void {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt.asUintN(64, set), true);
  ctx.memory.write(address, out);
}

function validSignal(signal: number): boolean {
  return signal >= 1 && signal <= SIGNAL_COUNT;
}

function rtSigaction(ctx: SyscallContext): number {
  const signal = ctx.args.int(0);
  const act = ctx.args.ulong(1);
  const old = ctx.args.ulong(2);
  checkSetSize(ctx, 3);
  if (!validSignal(signal)) throw new SyscallError(Errno.EINVAL);
  let next: SignalAction | undefined;
  if (act !== 0) {
    if (signal === Signal.SIGKILL || signal === Signal.SIGSTOP) throw new SyscallError(Errno.EINVAL);
    const view = new DataView(ctx.memory.read(act, 32).buffer);
    next = {
      handler: Number(view.getBigUint64(0, true)),
      flags: Number(view.getBigUint64(8, true) & 0xffffffffn),
      restorer: Number(view.getBigUint64(16, true)),
      mask: view.getBigUint64(24, true) & ~UNBLOCKABLE,
    };
  }
  if (old !== 0) {
    const current = ctx.kernel.signals.action(ctx.process, signal);
    const out = new Uint8Array(32);
    const view = new DataView(out.buffer);
    view.setBigUint64(0, BigInt(current.handler), true);
    view.setBigUint64(8, BigInt(current.flags >>> 0), true);
    view.setBigUint64(16, BigInt(current.restorer), true);
    view.setBigUint64(24, current.mask, true);
    ctx.memory.write(old, out);
  }
  if (next !== undefined) {
    ctx.process.actions.set(signal, next);
    // Setting SIG_IGN discards pending instances (POSIX), SIGCHLD included.
    if (next.handler === SIG_IGN) for (const task of ctx.process.tasks) removePending(task, signal);
  }
  return 0;
}

function removePending(task: Task, signal: number): void {
  for (let i = task.pending.length - 1; i >= 0; i--) if (task.pending[i]!.signo === signal) task.pending.splice(i, 1);
}

function rtSigprocmask(ctx: SyscallContext): number {
  const how = ctx.args.int(0);
  const set = ctx.args.ulong(1);
  const old = ctx.args.ulong(2);
  checkSetSize(ctx, 3);
  const task = ctx.task;
  const previous = task.sigmask;
  if (set !== 0) {
    const value = readSet(ctx, set);
    if (how === SIG_BLOCK) task.sigmask |= value;
    else if (how === SIG_UNBLOCK) task.sigmask &= ~value;
    else if (how === SIG_SETMASK) task.sigmask = value;
    else throw new SyscallError(Errno.EINVAL);
    task.sigmask &= ~UNBLOCKABLE;
  }
  if (old !== 0) writeSet(ctx, old, previous);
  return 0;
}

function rtSigreturn(ctx: SyscallContext): typeof KEEP_REGISTERS {
  const { mask, altStack } = ctx.kernel.facets.abi.signalFrame.pop(ctx.task.regs, ctx.memory);
  ctx.task.sigmask = mask & ~UNBLOCKABLE;
  const current = ctx.task.altStack;
  // restore_altstack: the saved settings return unless the handler is still on that stack.
  if (current.flags !== SS_ONSTACK) ctx.task.altStack = { sp: altStack.sp, size: altStack.size, flags: altStack.flags & SS_DISABLE };
  return KEEP_REGISTERS;
}

function onAltStack(task: Task): boolean {
  const alt = task.altStack;
  const sp = task.regs.sp;
  return alt.flags !== SS_DISABLE && sp > alt.sp && sp <= alt.sp + alt.size;
}

function sigaltstack(ctx: SyscallContext): number {
  const ss = ctx.args.ulong(0);
  const oss = ctx.args.ulong(1);
  const task = ctx.task;
  const active = onAltStack(task);
  let next: Task['altStack'] | undefined;
  if (ss !== 0) {
    const view = new DataView(ctx.memory.read(ss, 24).buffer);
    const sp = Number(view.getBigUint64(0, true));
    const flags = view.getInt32(8, true);
    const size = Number(view.getBigUint64(16, true));
    if (active) throw new SyscallError(Errno.EPERM);
    const mode = flags & ~SS_AUTODISARM;
    if (mode !== 0 && mode !== SS_DISABLE && mode !== SS_ONSTACK) throw new SyscallError(Errno.EINVAL);
    if (mode === SS_DISABLE) next = { sp: 0, size: 0, flags: SS_DISABLE };
    else if (size < MINSIGSTKSZ) throw new SyscallError(Errno.ENOMEM);
    else next = { sp, size, flags: 0 };
  }
  if (oss !== 0) {
    const out = new Uint8Array(24);
    const view = new DataView(out.buffer);
    view.setBigUint64(0, BigInt(task.altStack.sp), true);
    view.setInt32(8, active ? SS_ONSTACK : task.altStack.flags, true);
    view.setBigUint64(16, BigInt(task.altStack.size), true);
    ctx.memory.write(oss, out);
  }
  if (next !== undefined) task.altStack = next;
  return 0;
}

/**
 * kill(pid, sig): pid > 0 one process, 0 the caller's process group, -1 every process but the
 * caller, < -1 the process group -pid. A zombie still counts as found, and gets nothing.
 */
function kill(ctx: SyscallContext): number {
  const pid = ctx.args.int(0);
  const signal = ctx.args.int(1);
  if (signal < 0 || signal > SIGNAL_COUNT) throw new SyscallError(Errno.EINVAL);
  if (pid === -0x80000000) throw new SyscallError(Errno.ESRCH);
  const all = [...ctx.kernel.processes.values()];
  const targets =
    pid > 0 ? all.filter((p) => p.pid === pid) : pid === -1 ? all.filter((p) => p !== ctx.process) : all.filter((p) => p.pgid === (pid === 0 ? ctx.process.pgid : -pid));
  if (targets.length === 0) throw new SyscallError(Errno.ESRCH);
  if (signal === 0) return 0;
  const info = { signo: signal, code: SiCode.SI_USER, pid: ctx.process.pid, uid: ctx.kernel.config.credentials.uid };
  for (const target of targets) if (target.termination === undefined) ctx.kernel.signals.sendToProcess(target, { ...info });
  return 0;
}

function threadKill(ctx: SyscallContext, tgid: number, tid: number, signal: number): number {
  if (signal < 0 || signal > SIGNAL_COUNT || tid <= 0) throw new SyscallError(Errno.EINVAL);
  const task = ctx.kernel.liveTask(tid);
  if (task === undefined || (tgid > 0 && task.process.pid !== tgid)) throw new SyscallError(Errno.ESRCH);
  if (signal !== 0) ctx.kernel.signals.send(task, { signo: signal, code: SiCode.SI_TKILL, pid: ctx.process.pid, uid: ctx.kernel.config.credentials.uid });
  return 0;
}

/**
 * Waits with a temporary mask until a signal is delivered: the wait never ends by itself; the
 * signal that cuts it short makes it fail with EINTR, and its handler's frame saves the old mask.
 */
function suspend(ctx: SyscallContext, mask: bigint): number | typeof KEEP_REGISTERS {
  const task = ctx.task;
  task.suspendedMask = task.sigmask;
  task.sigmask = mask & ~UNBLOCKABLE;
  return ctx.kernel.block(task, { reason: 'rt_sigsuspend', deadlineNs: undefined, restartable: false, interruptible: true, poll: () => undefined, cancel: () => {} });
}

function pending(ctx: SyscallContext): number {
  let set = 0n;
  for (const info of ctx.task.pending) set |= signalBit(info.signo);
  writeSet(ctx, ctx.args.ulong(0), set & ctx.task.sigmask);
  return 0;
}

/** Signal actions, masks, frames, alternate stacks and sending. */
export const signalSyscalls: SyscallTable = {
  rt_sigaction: rtSigaction,
  rt_sigprocmask: rtSigprocmask,
  rt_sigreturn: rtSigreturn,
  sigaltstack,
  kill,
  tgkill: (ctx) => threadKill(ctx, ctx.args.int(0), ctx.args.int(1), ctx.args.int(2)),
  tkill: (ctx) => threadKill(ctx, 0, ctx.args.int(0), ctx.args.int(1)),
  rt_sigpending: (ctx) => {
    checkSetSize(ctx, 1);
    return pending(ctx);
  },
  rt_sigsuspend: (ctx) => {
    checkSetSize(ctx, 1);
    return suspend(ctx, readSet(ctx, ctx.args.ulong(0)));
  },
  pause: (ctx) => suspend(ctx, ctx.task.sigmask),
};
