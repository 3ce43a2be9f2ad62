import { Errno, SyscallError } from '../kernel/Errno.js';
import { MATCH_ANY } from '../kernel/Futexes.js';
import { ClockId } from '../time/clocks.js';
import { type KEEP_REGISTERS, type SyscallContext } from './SyscallContext.js';
import { deadlineNs } from './timeSyscalls.js';

const FUTEX_WAIT = 0;
const FUTEX_WAKE = 1;
const FUTEX_REQUEUE = 3;
const FUTEX_CMP_REQUEUE = 4;
const FUTEX_WAKE_OP = 5;
const FUTEX_WAIT_BITSET = 9;
const FUTEX_WAKE_BITSET = 10;
const FUTEX_COMMAND = 0x7f;
const FUTEX_CLOCK_REALTIME = 256;

/** The effect of FUTEX_WAKE_OP's operation on the old value (FUTEX_OP_SET, ADD, OR, ANDN, XOR). */
function wakeOpResult(op: number, old: number, oparg: number): number {
  switch (op) {
    case 0:
      return oparg;
    case 1:
      return (old + oparg) | 0;
    case 2:
      return old | oparg;
    case 3:
      return old & ~oparg;
    case 4:
      return old ^ oparg;
    default:
      throw new SyscallError(Errno.ENOSYS);
  }
}

/** FUTEX_WAKE_OP's comparison of the old value with cmparg (EQ, NE, LT, LE, GT, GE). */
function wakeOpCompare(cmp: number, old: number, cmparg: number): boolean {
  switch (cmp) {
    case 0:
      return old === cmparg;
    case 1:
      return old !== cmparg;
    case 2:
      return old < cmparg;
    case 3:
      return old <= cmparg;
    case 4:
      return old > cmparg;
    case 5:
      return old >= cmparg;
    default:
      throw new SyscallError(Errno.ENOSYS);
  }
}

/** FUTEX_WAKE_OP: *uaddr2 = op(*uaddr2, oparg); wake on uaddr; and on uaddr2 if cmp(old, cmparg) held. */
function wakeOp(ctx: SyscallContext, address: number, count: number, count2: number, address2: number, encoded: number): number {
  const op = (encoded >>> 28) & 7;
  const shift = (encoded >>> 28) & 8;
  const cmp = (encoded >>> 24) & 15;
  let oparg = (encoded << 8) >> 20;
  const cmparg = (encoded << 20) >> 20;
  if (shift !== 0) oparg = 1 << (oparg & 31);
  const memory = ctx.memory;
  const old = memory.r32(address2);
  memory.w32(address2, wakeOpResult(op, old, oparg));
  const futexes = ctx.kernel.futexes;
  let woken = futexes.wake(memory, address, count, MATCH_ANY);
  if (wakeOpCompare(cmp, old, cmparg)) woken += futexes.wake(memory, address2, count2, MATCH_ANY);
  return woken;
}

/**
 * futex(2): the waits and wakes glibc's and musl's mutexes, condition variables, joins and
 * once-guards use. A wait sleeps on the kernel's queue until a wake, its timeout in virtual time,
 * or a signal; priority-inheritance futexes are not provided (ENOSYS).
 */
export function futex(ctx: SyscallContext): number | typeof KEEP_REGISTERS {
  const args = ctx.args;
  const address = args.ulong(0);
  const op = args.int(1);
  const command = op & FUTEX_COMMAND;
  const value = args.int(2);
  if (address % 4 !== 0) throw new SyscallError(Errno.EINVAL);
  const memory = ctx.memory;
  const futexes = ctx.kernel.futexes;
  switch (command) {
    case FUTEX_WAIT:
    case FUTEX_WAIT_BITSET: {
      const bitset = command === FUTEX_WAIT ? MATCH_ANY : args.int(5) >>> 0;
      if (bitset === 0) throw new SyscallError(Errno.EINVAL);
      if (memory.r32(address) !== value) throw new SyscallError(Errno.EAGAIN);
      const timeout = args.ulong(3);
      // FUTEX_WAIT's timeout is relative; FUTEX_WAIT_BITSET's is absolute, on the monotonic clock unless FUTEX_CLOCK_REALTIME.
      const clock = (op & FUTEX_CLOCK_REALTIME) !== 0 ? ClockId.CLOCK_REALTIME : ClockId.CLOCK_MONOTONIC;
      const deadline = timeout === 0 ? undefined : deadlineNs(ctx, clock, command === FUTEX_WAIT_BITSET, timeout);
      return ctx.kernel.block(ctx.task, futexes.wait(ctx.task, memory, address, bitset, deadline));
    }
    case FUTEX_WAKE:
      return futexes.wake(memory, address, value, MATCH_ANY);
    case FUTEX_WAKE_BITSET: {
      const bitset = args.int(5) >>> 0;
      if (bitset === 0) throw new SyscallError(Errno.EINVAL);
      return futexes.wake(memory, address, value, bitset);
    }
    case FUTEX_REQUEUE:
      return futexes.requeue(memory, address, args.ulong(4), value, args.int(3));
    case FUTEX_CMP_REQUEUE:
      if (memory.r32(address) !== args.int(5)) throw new SyscallError(Errno.EAGAIN);
      return futexes.requeue(memory, address, args.ulong(4), value, args.int(3));
    case FUTEX_WAKE_OP:
      return wakeOp(ctx, address, value, args.int(3), args.ulong(4), args.int(5));
    default:
      throw new SyscallError(Errno.ENOSYS);
  }
}
