import { Errno, SyscallError } from '../kernel/Errno.js';
import { endProcess } from '../kernel/processExit.js';
import { ROBUST_LIST_HEAD_SIZE } from '../kernel/robustList.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';
import { futex } from './futexSyscall.js';

const RLIM_INFINITY = 0xffffffffffffffffn;

/** Resource limits as a fresh Linux login shell has them. */
const RESOURCE_LIMITS: ReadonlyMap<number, readonly [bigint, bigint]> = new Map([
  [0, [RLIM_INFINITY, RLIM_INFINITY]], // RLIMIT_CPU
  [1, [RLIM_INFINITY, RLIM_INFINITY]], // RLIMIT_FSIZE
  [2, [RLIM_INFINITY, RLIM_INFINITY]], // RLIMIT_DATA
  [3, [8n * 1024n * 1024n, RLIM_INFINITY]], // RLIMIT_STACK
  [4, [0n, RLIM_INFINITY]], // RLIMIT_CORE
  [5, [RLIM_INFINITY, RLIM_INFINITY]], // RLIMIT_RSS
  [6, [63_000n, 63_000n]], // RLIMIT_NPROC
  [7, [1024n, 1024n]], // RLIMIT_NOFILE
  [8, [8n * 1024n * 1024n, 8n * 1024n * 1024n]], // RLIMIT_MEMLOCK
  [9, [RLIM_INFINITY, RLIM_INFINITY]], // RLIMIT_AS
]);

/** exit_group, or the last thread's exit: the process ends with the low 8 bits of the status. */
function exitProcess(ctx: SyscallContext, status: number): typeof KEEP_REGISTERS {
  endProcess(ctx.kernel, ctx.process, { kind: 'exit', status: status & 0xff });
  return KEEP_REGISTERS;
}

function exitThread(ctx: SyscallContext): typeof KEEP_REGISTERS {
  ctx.kernel.exitTask(ctx.task);
  if (ctx.process.tasks.every((t) => t.exited)) return exitProcess(ctx, ctx.args.int(0));
  return KEEP_REGISTERS;
}

function prlimit(ctx: SyscallContext, resource: number, newLimit: number, oldLimit: number): number {
  const limits = RESOURCE_LIMITS.get(resource);
  if (limits === undefined && (resource < 0 || resource > 15)) throw new SyscallError(Errno.EINVAL);
  const current = ctx.process.limits.get(resource) ?? limits ?? [RLIM_INFINITY, RLIM_INFINITY];
  if (oldLimit !== 0) {
    const out = new Uint8Array(16);
    const view = new DataView(out.buffer);
    view.setBigUint64(0, current[0], true);
    view.setBigUint64(8, current[1], true);
    ctx.memory.write(oldLimit, out);
  }
  if (newLimit !== 0) {
    const view = new DataView(ctx.memory.read(newLimit, 16).buffer);
    const soft = view.getBigUint64(0, true);
    const hard = view.getBigUint64(8, true);
    if (soft > hard || hard > current[1]) throw new SyscallError(soft > hard ? Errno.EINVAL : Errno.EPERM);
    ctx.process.limits.set(resource, [soft, hard]);
  }
  return 0;
}

function writeIds(ctx: SyscallContext, id: number): number {
  for (let i = 0; i < 3; i++) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setUint32(0, id, true);
    ctx.memory.write(ctx.args.ulong(i), out);
  }
  return 0;
}

/** Changing to the ids we already have is allowed; anything else needs privileges we do not model. */
function setId(ctx: SyscallContext, wanted: number[], own: number): number {
  return wanted.every((id) => id === -1 || id === own) ? 0 : -Errno.EPERM;
}

/** struct rusage with the user time the task has consumed (virtual). */
function getrusage(ctx: SyscallContext): number {
  const out = new Uint8Array(144);
  const view = new DataView(out.buffer);
  const ns = ctx.kernel.nowNs();
  view.setBigInt64(0, BigInt(Math.floor(ns / 1e9)), true);
  view.setBigInt64(8, BigInt(Math.floor((ns % 1e9) / 1000)), true);
  view.setBigInt64(32, BigInt(Math.ceil(ctx.process.memory.peakResidentPages * 4)), true);
  ctx.memory.write(ctx.args.ulong(1), out);
  return 0;
}

function times(ctx: SyscallContext): number {
  const ticks = Math.floor(ctx.kernel.nowNs() / 1e7);
  const buffer = ctx.args.ulong(0);
  if (buffer !== 0) {
    const out = new Uint8Array(32);
    new DataView(out.buffer).setBigInt64(0, BigInt(ticks), true);
    ctx.memory.write(buffer, out);
  }
  return ticks;
}

function prctl(ctx: SyscallContext): number {
  const option = ctx.args.int(0);
  switch (option) {
    case 15: {
      // PR_SET_NAME: the comm is kept to 15 bytes.
      const name = ctx.memory.readCString(ctx.args.ulong(1), 16) ?? ctx.memory.read(ctx.args.ulong(1), 15);
      ctx.task.comm = new TextDecoder().decode(name.subarray(0, 15));
      return 0;
    }
    case 16: {
      const out = new Uint8Array(16);
      out.set(new TextEncoder().encode(ctx.task.comm).subarray(0, 15));
      ctx.memory.write(ctx.args.ulong(1), out);
      return 0;
    }
    case 3: // PR_GET_DUMPABLE
      return 1;
    case 4: // PR_SET_DUMPABLE
    case 38: // PR_SET_NO_NEW_PRIVS
      return 0;
    default:
      throw new SyscallError(Errno.EINVAL);
  }
}

function schedGetaffinity(ctx: SyscallContext): number {
  const size = ctx.args.ulong(1);
  if (size < 8 || size % 8 !== 0) throw new SyscallError(Errno.EINVAL);
  const out = new Uint8Array(8);
  out[0] = 1;
  ctx.memory.write(ctx.args.ulong(2), out);
  return 8;
}

/** Process and thread identity, exit, limits, futexes. */
export const processSyscalls: SyscallTable = {
  exit: exitThread,
  exit_group: (ctx) => exitProcess(ctx, ctx.args.int(0)),
  getpid: (ctx) => ctx.process.pid,
  gettid: (ctx) => ctx.task.tid,
  getppid: (ctx) => ctx.process.ppid,
  getuid: (ctx) => ctx.kernel.config.credentials.uid,
  geteuid: (ctx) => ctx.kernel.config.credentials.uid,
  getgid: (ctx) => ctx.kernel.config.credentials.gid,
  getegid: (ctx) => ctx.kernel.config.credentials.gid,
  getresuid: (ctx) => writeIds(ctx, ctx.kernel.config.credentials.uid),
  getresgid: (ctx) => writeIds(ctx, ctx.kernel.config.credentials.gid),
  getgroups: () => 0,
  setuid: (ctx) => setId(ctx, [ctx.args.int(0)], ctx.kernel.config.credentials.uid),
  setgid: (ctx) => setId(ctx, [ctx.args.int(0)], ctx.kernel.config.credentials.gid),
  setreuid: (ctx) => setId(ctx, [ctx.args.int(0), ctx.args.int(1)], ctx.kernel.config.credentials.uid),
  setregid: (ctx) => setId(ctx, [ctx.args.int(0), ctx.args.int(1)], ctx.kernel.config.credentials.gid),
  setresuid: (ctx) => setId(ctx, [ctx.args.int(0), ctx.args.int(1), ctx.args.int(2)], ctx.kernel.config.credentials.uid),
  setresgid: (ctx) => setId(ctx, [ctx.args.int(0), ctx.args.int(1), ctx.args.int(2)], ctx.kernel.config.credentials.gid),
  set_tid_address: (ctx) => {
    ctx.task.clearChildTid = ctx.args.ulong(0);
    return ctx.task.tid;
  },
  set_robust_list: (ctx) => {
    if (ctx.args.ulong(1) !== ROBUST_LIST_HEAD_SIZE) throw new SyscallError(Errno.EINVAL);
    ctx.task.robustList = ctx.args.ulong(0);
    return 0;
  },
  get_robust_list: (ctx) => {
    const tid = ctx.args.int(0);
    const task = tid === 0 ? ctx.task : ctx.kernel.liveTask(tid);
    if (task === undefined) throw new SyscallError(Errno.ESRCH);
    ctx.memory.writeU64(ctx.args.ulong(1), task.robustList);
    ctx.memory.writeU64(ctx.args.ulong(2), ROBUST_LIST_HEAD_SIZE);
    return 0;
  },
  // One CPU, one NUMA node: sched_getaffinity says the same.
  getcpu: (ctx) => {
    for (const pointer of [ctx.args.ulong(0), ctx.args.ulong(1)]) if (pointer !== 0) ctx.memory.w32(pointer, 0);
    return 0;
  },
  prlimit64: (ctx) => {
    const pid = ctx.args.int(0);
    if (pid !== 0 && pid !== ctx.process.pid) throw new SyscallError(Errno.ESRCH);
    return prlimit(ctx, ctx.args.int(1), ctx.args.ulong(2), ctx.args.ulong(3));
  },
  getrlimit: (ctx) => prlimit(ctx, ctx.args.int(0), 0, ctx.args.ulong(1)),
  setrlimit: (ctx) => prlimit(ctx, ctx.args.int(0), ctx.args.ulong(1), 0),
  sched_getaffinity: schedGetaffinity,
  sched_yield: (ctx) => {
    ctx.kernel.yieldSlice();
    return 0;
  },
  futex,
  getrusage,
  times,
  prctl,
};
