import { Errno, SyscallError } from '../kernel/Errno.js';
import { type Process } from '../kernel/Process.js';
import { type SyscallContext, type SyscallTable } from './SyscallContext.js';

/** The process `pid` names (0: the caller), zombies included, as find_task_by_vpid finds them. */
function processOf(ctx: SyscallContext, pid: number): Process {
  const process = pid === 0 ? ctx.process : ctx.kernel.processes.get(pid);
  if (process === undefined) throw new SyscallError(Errno.ESRCH);
  return process;
}

/**
 * setpgid(pid, pgid): moves the caller or one of its children (in the caller's session, not yet
 * exec'd) into the process group `pgid` (0: its own pid), which must exist in that session
 * unless it is the process's own; a session leader cannot move.
 */
function setpgid(ctx: SyscallContext): number {
  const target = processOf(ctx, ctx.args.int(0));
  const pgid = ctx.args.int(1) === 0 ? target.pid : ctx.args.int(1);
  if (pgid < 0) throw new SyscallError(Errno.EINVAL);
  if (target.ppid === ctx.process.pid) {
    if (target.sid !== ctx.process.sid) throw new SyscallError(Errno.EPERM);
    if (target.execed) throw new SyscallError(Errno.EACCES);
  } else if (target !== ctx.process) {
    throw new SyscallError(Errno.ESRCH);
  }
  if (target.sid === target.pid) throw new SyscallError(Errno.EPERM);
  if (pgid !== target.pid && ![...ctx.kernel.processes.values()].some((p) => p.pgid === pgid && p.sid === ctx.process.sid)) throw new SyscallError(Errno.EPERM);
  target.pgid = pgid;
  return 0;
}

/** setsid: a new session and process group led by the caller, unless it already leads a process group. */
function setsid(ctx: SyscallContext): number {
  const pid = ctx.process.pid;
  if ([...ctx.kernel.processes.values()].some((p) => p.pgid === pid)) throw new SyscallError(Errno.EPERM);
  ctx.process.sid = pid;
  ctx.process.pgid = pid;
  return pid;
}

/**
 * Process groups and sessions. The first process leads its own session and group, as a login
 * shell's child started with job control would lead its group; children start in their parent's.
 */
export const processGroupSyscalls: SyscallTable = {
  setpgid,
  setsid,
  getpgrp: (ctx) => ctx.process.pgid,
  getpgid: (ctx) => processOf(ctx, ctx.args.int(0)).pgid,
  getsid: (ctx) => processOf(ctx, ctx.args.int(0)).sid,
};
