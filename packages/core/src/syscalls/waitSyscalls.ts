import { Errno, SyscallError } from '../kernel/Errno.js';
import { type Process } from '../kernel/Process.js';
import { childState, waitStatus } from '../kernel/waitStatus.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { encodeSigInfo } from '../signals/encodeSigInfo.js';
import { Signal } from '../signals/Signal.js';
import { type SyscallContext, type SyscallTable } from './SyscallContext.js';

const WNOHANG = 0x1;
const WSTOPPED = 0x2;
const WEXITED = 0x4;
const WCONTINUED = 0x8;
const WNOWAIT = 0x1000000;
const __WNOTHREAD = 0x20000000;
const __WALL = 0x40000000;
const __WCLONE = 0x80000000 | 0;
const WAIT4_OPTIONS = WNOHANG | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL;
const WAITID_OPTIONS = WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD | __WCLONE | __WALL;

const P_ALL = 0;
const P_PID = 1;
const P_PGID = 2;
const P_PIDFD = 3;

/** struct rusage: what the child used is not accounted, so it is all zero. */
const RUSAGE_BYTES = 144;
/** waitid writes siginfo_t up to si_status, no further. */
const WAITID_INFO_BYTES = 28;

/** Which children a wait is about: any, one pid, or one process group. */
type ChildSelector = { readonly kind: 'any' } | { readonly kind: 'pid'; readonly pid: number } | { readonly kind: 'group'; readonly pgid: number };

function selects(selector: ChildSelector, child: Process): boolean {
  if (selector.kind === 'pid') return child.pid === selector.pid;
  if (selector.kind === 'group') return child.pgid === selector.pgid;
  return true;
}

/**
 * do_wait for the caller's children that `selector` picks. Without __WALL, a child that reports
 * with another signal than SIGCHLD (a "clone" child) is waited for only with __WCLONE, and the
 * others only without it. The first of them that has ended is returned, and reaped unless
 * WNOWAIT; with none ended yet, undefined under WNOHANG, else the caller waits (the retried
 * syscall polls again as children change). ECHILD when no child qualifies at all. No child
 * ever stops or continues, so WSTOPPED and WCONTINUED alone wait for nothing that can come.
 */
function waitForChild(ctx: SyscallContext, selector: ChildSelector, options: number): Process | undefined {
  const candidates = [...ctx.kernel.processes.values()].filter(
    (p) => p.ppid === ctx.process.pid && selects(selector, p) && ((options & __WALL) !== 0 || (p.exitSignal !== Signal.SIGCHLD) === ((options & __WCLONE) !== 0)),
  );
  if (candidates.length === 0) throw new SyscallError(Errno.ECHILD);
  const ended = (options & WEXITED) !== 0 ? candidates.find((p) => p.termination !== undefined) : undefined;
  if (ended !== undefined) {
    if ((options & WNOWAIT) === 0) ctx.kernel.processes.delete(ended.pid);
    return ended;
  }
  if ((options & WNOHANG) !== 0) return undefined;
  throw new WouldBlock('wait: no child has ended yet');
}

/** wait4(pid, wstatus, options, rusage): pid > 0 one child, 0 the caller's process group, -1 any child, < -1 the group -pid. */
function wait4(ctx: SyscallContext): number {
  const pid = ctx.args.int(0);
  const statusAddress = ctx.args.ulong(1);
  const options = ctx.args.int(2);
  const rusage = ctx.args.ulong(3);
  if ((options & ~WAIT4_OPTIONS) !== 0) throw new SyscallError(Errno.EINVAL);
  // -INT_MIN does not exist.
  if (pid === -0x80000000) throw new SyscallError(Errno.ESRCH);
  const selector: ChildSelector = pid > 0 ? { kind: 'pid', pid } : pid === -1 ? { kind: 'any' } : { kind: 'group', pgid: pid === 0 ? ctx.process.pgid : -pid };
  const child = waitForChild(ctx, selector, options | WEXITED);
  if (child === undefined) return 0;
  // As in Linux, the child is reaped before the status is stored: a bad pointer loses it (EFAULT).
  if (statusAddress !== 0) ctx.memory.w32(statusAddress, waitStatus(child.termination!));
  if (rusage !== 0) ctx.memory.write(rusage, new Uint8Array(RUSAGE_BYTES));
  return child.pid;
}

/**
 * waitid(idtype, id, infop, options, rusage): P_ALL, P_PID, P_PGID (0: the caller's group). The
 * siginfo gets SIGCHLD, CLD_EXITED/CLD_KILLED/CLD_DUMPED, the child's pid, uid and status, or
 * zeros when no child is reported (WNOHANG, or an error), as Linux writes it in every case.
 */
function waitid(ctx: SyscallContext): number {
  const idtype = ctx.args.int(0);
  const id = ctx.args.int(1);
  const infop = ctx.args.ulong(2);
  const options = ctx.args.int(3);
  const rusage = ctx.args.ulong(4);
  if ((options & ~WAITID_OPTIONS) !== 0 || (options & (WEXITED | WSTOPPED | WCONTINUED)) === 0) throw new SyscallError(Errno.EINVAL);
  let selector: ChildSelector;
  if (idtype === P_ALL) selector = { kind: 'any' };
  else if (idtype === P_PID && id > 0) selector = { kind: 'pid', pid: id };
  else if (idtype === P_PGID && id >= 0) selector = { kind: 'group', pgid: id === 0 ? ctx.process.pgid : id };
  else if (idtype === P_PIDFD) {
    ctx.kernel.config.trace?.('waitid: P_PIDFD (pidfds) is not implemented: ENOSYS');
    throw new SyscallError(Errno.ENOSYS);
  } else throw new SyscallError(Errno.EINVAL);
  let child: Process | undefined;
  try {
    child = waitForChild(ctx, selector, options);
  } catch (error) {
    if (error instanceof SyscallError && infop !== 0) writeInfo(ctx, infop, undefined);
    throw error;
  }
  if (child !== undefined && rusage !== 0) ctx.memory.write(rusage, new Uint8Array(RUSAGE_BYTES));
  if (infop !== 0) writeInfo(ctx, infop, child);
  return 0;
}

function writeInfo(ctx: SyscallContext, infop: number, child: Process | undefined): void {
  const info = child === undefined ? { signo: 0, code: 0, pid: 0, uid: 0, status: 0 } : { signo: Signal.SIGCHLD, ...childState(child.termination!), pid: child.pid, uid: ctx.kernel.config.credentials.uid };
  ctx.memory.write(infop, encodeSigInfo(info).subarray(0, WAITID_INFO_BYTES));
}

/** Waiting for children to end. */
export const waitSyscalls: SyscallTable = { wait4, waitid };
