import { type CloneArguments } from '../isa/SyscallAbi.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { forkProcess } from '../kernel/forkProcess.js';
import { type Process } from '../kernel/Process.js';
import { type TaskWait } from '../kernel/TaskWait.js';
import { Signal, SIGNAL_COUNT } from '../signals/Signal.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';

/** The clone flags (include/uapi/linux/sched.h). Some lie above bit 31, so they are tested arithmetically. */
export const CloneFlag = {
  CLONE_VM: 0x100,
  CLONE_FS: 0x200,
  CLONE_FILES: 0x400,
  CLONE_SIGHAND: 0x800,
  CLONE_PIDFD: 0x1000,
  CLONE_PTRACE: 0x2000,
  CLONE_VFORK: 0x4000,
  CLONE_PARENT: 0x8000,
  CLONE_THREAD: 0x10000,
  CLONE_NEWNS: 0x20000,
  CLONE_SYSVSEM: 0x40000,
  CLONE_SETTLS: 0x80000,
  CLONE_PARENT_SETTID: 0x100000,
  CLONE_CHILD_CLEARTID: 0x200000,
  CLONE_DETACHED: 0x400000,
  CLONE_UNTRACED: 0x800000,
  CLONE_CHILD_SETTID: 0x1000000,
  CLONE_NEWCGROUP: 0x2000000,
  CLONE_NEWUTS: 0x4000000,
  CLONE_NEWIPC: 0x8000000,
  CLONE_NEWUSER: 0x10000000,
  CLONE_NEWPID: 0x20000000,
  CLONE_NEWNET: 0x40000000,
  CLONE_IO: 0x80000000,
  CLONE_CLEAR_SIGHAND: 0x100000000,
  CLONE_INTO_CGROUP: 0x200000000,
} as const;

/** The exit signal in the low byte of clone's flags. */
const CSIGNAL = 0xff;

/** What we do not model, by flag: clone asking for it fails with ENOSYS and says so under --verbose. */
const UNSUPPORTED_FOR_PROCESSES: ReadonlyArray<[number, string]> = [
  [CloneFlag.CLONE_FS, 'CLONE_FS (a working directory shared between processes)'],
  [CloneFlag.CLONE_PIDFD, 'CLONE_PIDFD (pidfds)'],
  [CloneFlag.CLONE_NEWNS | CloneFlag.CLONE_NEWCGROUP | CloneFlag.CLONE_NEWUTS | CloneFlag.CLONE_NEWIPC, 'namespaces'],
  [CloneFlag.CLONE_NEWUSER | CloneFlag.CLONE_NEWPID | CloneFlag.CLONE_NEWNET, 'namespaces'],
  [CloneFlag.CLONE_INTO_CGROUP, 'CLONE_INTO_CGROUP (cgroups)'],
];

/** struct clone_args up to `tls`: what clone3 must be given at least (CLONE_ARGS_SIZE_VER0 is 64). */
const CLONE_ARGS_SIZE_VER0 = 64;

/** Whether `flags` has any bit of `flag`; the flags above bit 31 do not survive JavaScript's 32-bit `&`. */
function hasFlag(flags: number, flag: number): boolean {
  return (BigInt(flags) & BigInt(flag)) !== 0n;
}

/**
 * clone and clone3: a thread of the same process with CLONE_THREAD (what pthread_create asks:
 * memory, files and signal handlers shared, its own stack, thread pointer and mask), otherwise a
 * new process (forkProcess), which with CLONE_VFORK the caller waits for until it execs or ends.
 */
function cloneTask(ctx: SyscallContext, clone: CloneArguments, exitSignal: number): number | typeof KEEP_REGISTERS {
  const has = (flag: number) => hasFlag(clone.flags, flag);
  // copy_process's consistency rules.
  if (has(CloneFlag.CLONE_THREAD) && !has(CloneFlag.CLONE_SIGHAND)) throw new SyscallError(Errno.EINVAL);
  if (has(CloneFlag.CLONE_SIGHAND) && !has(CloneFlag.CLONE_VM)) throw new SyscallError(Errno.EINVAL);
  if (has(CloneFlag.CLONE_FS) && has(CloneFlag.CLONE_NEWNS | CloneFlag.CLONE_NEWUSER)) throw new SyscallError(Errno.EINVAL);
  if (has(CloneFlag.CLONE_CLEAR_SIGHAND) && has(CloneFlag.CLONE_SIGHAND)) throw new SyscallError(Errno.EINVAL);
  if (has(CloneFlag.CLONE_THREAD)) {
    const thread = ctx.kernel.cloneTask(ctx.task, ctx.process, clone, has(CloneFlag.CLONE_SETTLS));
    if (has(CloneFlag.CLONE_PARENT_SETTID)) ctx.memory.w32(clone.parentTid, thread.tid);
    if (has(CloneFlag.CLONE_CHILD_SETTID)) ctx.memory.w32(clone.childTid, thread.tid);
    if (has(CloneFlag.CLONE_CHILD_CLEARTID)) thread.clearChildTid = clone.childTid;
    return thread.tid;
  }
  for (const [flag, what] of UNSUPPORTED_FOR_PROCESSES) {
    if (!has(flag)) continue;
    ctx.kernel.config.trace?.(`clone: ${what} is not implemented: ENOSYS`);
    throw new SyscallError(Errno.ENOSYS);
  }
  const vfork = has(CloneFlag.CLONE_VFORK);
  const child = forkProcess(ctx.kernel, ctx.task, {
    clone,
    exitSignal,
    shareMemory: has(CloneFlag.CLONE_VM),
    shareFiles: has(CloneFlag.CLONE_FILES),
    shareHandlers: has(CloneFlag.CLONE_SIGHAND),
    clearHandlers: has(CloneFlag.CLONE_CLEAR_SIGHAND),
    siblingOfParent: has(CloneFlag.CLONE_PARENT),
    vfork,
    setTls: has(CloneFlag.CLONE_SETTLS),
  });
  if (has(CloneFlag.CLONE_PARENT_SETTID)) ctx.memory.w32(clone.parentTid, child.pid);
  // Linux writes it as the child first runs, in the child's memory.
  if (has(CloneFlag.CLONE_CHILD_SETTID)) child.memory.w32(clone.childTid, child.pid);
  if (has(CloneFlag.CLONE_CHILD_CLEARTID)) child.mainTask.clearChildTid = clone.childTid;
  return vfork ? ctx.kernel.block(ctx.task, vforkWait(child)) : child.pid;
}

/** The vfork parent sleeps until the child execs or ends (wait_for_vfork_done), and then returns its pid. */
function vforkWait(child: Process): TaskWait {
  return {
    reason: `vfork: child ${child.pid} has neither exec'd nor ended`,
    deadlineNs: undefined,
    restartable: false,
    interruptible: false,
    poll: () => (child.vforkParent === undefined ? child.pid : undefined),
    cancel: () => {},
  };
}

/** clone3(struct clone_args *, size): the same, with the arguments in a struct and the stack given as its lowest address and size. */
function clone3(ctx: SyscallContext): number | typeof KEEP_REGISTERS {
  const size = ctx.args.ulong(1);
  if (size < CLONE_ARGS_SIZE_VER0 || size > 4096) throw new SyscallError(Errno.EINVAL);
  const view = new DataView(ctx.memory.read(ctx.args.ulong(0), CLONE_ARGS_SIZE_VER0).buffer);
  const field = (i: number) => Number(view.getBigUint64(8 * i, true));
  const flags = field(0);
  const stack = field(5);
  const stackSize = field(6);
  if ((stack === 0) !== (stackSize === 0)) throw new SyscallError(Errno.EINVAL);
  const exitSignal = field(4);
  // clone3 takes the exit signal in its own field; the low byte of the flags must be clear.
  if (hasFlag(flags, CSIGNAL | CloneFlag.CLONE_DETACHED) || exitSignal > SIGNAL_COUNT) throw new SyscallError(Errno.EINVAL);
  return cloneTask(ctx, { flags, childTid: field(2), parentTid: field(3), stack: stack === 0 ? 0 : stack + stackSize, tls: field(7) }, exitSignal);
}

/** Creating threads and processes. */
export const cloneSyscalls: SyscallTable = {
  clone: (ctx) => {
    // The legacy call takes 32 bits of flags, the exit signal in the low byte.
    const clone = ctx.kernel.facets.abi.cloneArguments(ctx.args);
    const flags = clone.flags % 2 ** 32;
    return cloneTask(ctx, { ...clone, flags: flags - (flags & CSIGNAL) }, flags & CSIGNAL);
  },
  clone3,
  fork: (ctx) => cloneTask(ctx, { flags: 0, stack: 0, parentTid: 0, childTid: 0, tls: 0 }, Signal.SIGCHLD),
  vfork: (ctx) => cloneTask(ctx, { flags: CloneFlag.CLONE_VM | CloneFlag.CLONE_VFORK, stack: 0, parentTid: 0, childTid: 0, tls: 0 }, Signal.SIGCHLD),
};
