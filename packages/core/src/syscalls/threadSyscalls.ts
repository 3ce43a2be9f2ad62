import { type CloneArguments } from '../isa/SyscallAbi.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { type SyscallContext, type SyscallTable } from './SyscallContext.js';

/** The clone flags (include/uapi/linux/sched.h) that threads are made of. */
export const CloneFlag = {
  CLONE_VM: 0x100,
  CLONE_FS: 0x200,
  CLONE_FILES: 0x400,
  CLONE_SIGHAND: 0x800,
  CLONE_VFORK: 0x4000,
  CLONE_THREAD: 0x10000,
  CLONE_SETTLS: 0x80000,
  CLONE_PARENT_SETTID: 0x100000,
  CLONE_CHILD_CLEARTID: 0x200000,
  CLONE_CHILD_SETTID: 0x1000000,
} as const;

/** struct clone_args up to `tls`: what clone3 must be given at least (CLONE_ARGS_SIZE_VER0 is 64). */
const CLONE_ARGS_SIZE_VER0 = 64;

function writeTid(ctx: SyscallContext, address: number, tid: number): void {
  ctx.memory.w32(address, tid);
}

/**
 * clone and clone3 for threads (CLONE_VM | CLONE_THREAD, as pthread_create asks): a new task of
 * the same process, sharing memory, files and signal handlers, with its own stack, thread
 * pointer and signal mask. A new process (no CLONE_VM) is not provided yet (ENOSYS).
 */
function cloneTask(ctx: SyscallContext, clone: CloneArguments): number {
  const flags = clone.flags;
  const has = (flag: number) => (flags & flag) !== 0;
  // copy_process's consistency rules.
  if (has(CloneFlag.CLONE_THREAD) && !has(CloneFlag.CLONE_SIGHAND)) throw new SyscallError(Errno.EINVAL);
  if (has(CloneFlag.CLONE_SIGHAND) && !has(CloneFlag.CLONE_VM)) throw new SyscallError(Errno.EINVAL);
  if (!has(CloneFlag.CLONE_VM) || !has(CloneFlag.CLONE_THREAD)) throw new SyscallError(Errno.ENOSYS);
  const child = ctx.kernel.createThread(ctx.task, clone, { setTls: has(CloneFlag.CLONE_SETTLS) });
  if (has(CloneFlag.CLONE_PARENT_SETTID)) writeTid(ctx, clone.parentTid, child.tid);
  if (has(CloneFlag.CLONE_CHILD_SETTID)) writeTid(ctx, clone.childTid, child.tid);
  if (has(CloneFlag.CLONE_CHILD_CLEARTID)) child.clearChildTid = clone.childTid;
  return child.tid;
}

/** clone3(struct clone_args *, size): the same, with the arguments in a struct and the stack given as its lowest address and size. */
function clone3(ctx: SyscallContext): number {
  const size = ctx.args.ulong(1);
  if (size < CLONE_ARGS_SIZE_VER0 || size > 4096) throw new SyscallError(Errno.EINVAL);
  const view = new DataView(ctx.memory.read(ctx.args.ulong(0), CLONE_ARGS_SIZE_VER0).buffer);
  const field = (i: number) => Number(view.getBigUint64(8 * i, true));
  const stack = field(5);
  const stackSize = field(6);
  if ((stack === 0) !== (stackSize === 0)) throw new SyscallError(Errno.EINVAL);
  return cloneTask(ctx, { flags: field(0), childTid: field(2), parentTid: field(3), stack: stack === 0 ? 0 : stack + stackSize, tls: field(7) });
}

/** Creating threads. */
export const threadSyscalls: SyscallTable = {
  clone: (ctx) => cloneTask(ctx, ctx.kernel.facets.abi.cloneArguments(ctx.args)),
  clone3,
};
