import { type GuestMemory } from '../memory/GuestMemory.js';
import { type Futexes, MATCH_ANY } from './Futexes.js';
import { type Task } from './Task.js';

/** struct robust_list_head: the list's first link, futex_offset, list_op_pending (24 bytes on a 64-bit ABI). */
export const ROBUST_LIST_HEAD_SIZE = 24;

const FUTEX_WAITERS = 0x80000000;
const FUTEX_OWNER_DIED = 0x40000000;
const FUTEX_TID_MASK = 0x3fffffff;
/** ROBUST_LIST_LIMIT: a guest's circular or endless list is walked this far and no further. */
const ROBUST_LIST_LIMIT = 2048;

/** A link of the list, its PI flag (bit 0) cleared; pointers exceed 32 bits, so not with `&`. */
function readLink(memory: GuestMemory, address: number): number {
  const link = Number(new DataView(memory.read(address, 8).buffer).getBigUint64(0, true));
  return link - (link % 2);
}

function readOffset(memory: GuestMemory, address: number): number {
  return Number(new DataView(memory.read(address, 8).buffer).getBigInt64(0, true));
}

/**
 * handle_futex_death: a futex the dead task still owned gets FUTEX_OWNER_DIED with its waiters
 * bit kept, and one waiter is woken to take it over (pthread_mutex_lock then returns EOWNERDEAD).
 * The lock it was taking or releasing when it died (list_op_pending) is woken if it is free.
 */
function releaseFutex(memory: GuestMemory, futexes: Futexes, address: number, tid: number, pending: boolean): void {
  const word = memory.r32(address) >>> 0;
  if (pending && word === 0) {
    futexes.wake(memory, address, 1, MATCH_ANY);
    return;
  }
  if ((word & FUTEX_TID_MASK) !== tid) return;
  memory.w32(address, ((word & FUTEX_WAITERS) | FUTEX_OWNER_DIED) | 0);
  if ((word & FUTEX_WAITERS) !== 0) futexes.wake(memory, address, 1, MATCH_ANY);
}

/**
 * exit_robust_list, at a thread's exit and exec: walks the list of robust mutexes that
 * set_robust_list registered and marks each one the task still holds. A list the guest made unreadable ends the walk quietly,
 * as in Linux.
 */
export function releaseRobustList(task: Task, futexes: Futexes): void {
  const head = task.robustList;
  if (head === 0) return;
  task.robustList = 0;
  const memory = task.process.memory;
  try {
    const futexOffset = readOffset(memory, head + 8);
    const pending = readLink(memory, head + 16);
    let entry = readLink(memory, head);
    for (let walked = 0; entry !== head && walked < ROBUST_LIST_LIMIT; walked++) {
      const next = readLink(memory, entry);
      if (entry !== pending) releaseFutex(memory, futexes, entry + futexOffset, task.tid, false);
      entry = next;
    }
    if (pending !== 0) releaseFutex(memory, futexes, pending + futexOffset, task.tid, true);
  } catch {
    // An unreadable list or futex word: Linux stops there too.
  }
}
