import { type GuestMemory } from '../memory/GuestMemory.js';
import { Errno } from './Errno.js';
import { type Task } from './Task.js';
import { type TaskWait } from './TaskWait.js';

/** FUTEX_BITSET_MATCH_ANY: a plain FUTEX_WAIT or FUTEX_WAKE. */
export const MATCH_ANY = 0xffffffff;

/** One task asleep on a futex word (struct futex_q). */
interface Waiter {
  readonly task: Task;
  readonly bitset: number;
  /** Where it sleeps now: a requeue moves it. */
  address: number;
  woken: boolean;
}

/**
 * The futex wait queues of one kernel (kernel/futex/): waiters by guest memory and address, in
 * the order they went to sleep, woken in that order. Private and shared futexes are keyed alike:
 * every process has its own memory, and shared mappings between processes are not modelled.
 */
export class Futexes {
  private readonly queues = new Map<GuestMemory, Map<number, Waiter[]>>();

  private queue(memory: GuestMemory, address: number): Waiter[] {
    let byAddress = this.queues.get(memory);
    if (byAddress === undefined) {
      byAddress = new Map();
      this.queues.set(memory, byAddress);
    }
    let waiters = byAddress.get(address);
    if (waiters === undefined) {
      waiters = [];
      byAddress.set(address, waiters);
    }
    return waiters;
  }

  private remove(memory: GuestMemory, waiter: Waiter): void {
    const byAddress = this.queues.get(memory);
    const waiters = byAddress?.get(waiter.address);
    if (waiters === undefined) return;
    const index = waiters.indexOf(waiter);
    if (index >= 0) waiters.splice(index, 1);
    if (waiters.length === 0) byAddress!.delete(waiter.address);
  }

  /** Puts `task` to sleep on `address` (the caller checked the word); the wait ends with 0 when woken, ETIMEDOUT at `deadlineNs`. */
  wait(task: Task, memory: GuestMemory, address: number, bitset: number, deadlineNs: number | undefined): TaskWait {
    const waiter: Waiter = { task, bitset, address, woken: false };
    this.queue(memory, address).push(waiter);
    return {
      reason: `futex wait on 0x${address.toString(16)}`,
      deadlineNs,
      // FUTEX_WAIT without a timeout returns -ERESTARTSYS: restarted after an SA_RESTART handler.
      restartable: deadlineNs === undefined,
      interruptible: true,
      poll: (timedOut) => {
        if (waiter.woken) return 0;
        if (!timedOut) return undefined;
        this.remove(memory, waiter);
        return -Errno.ETIMEDOUT;
      },
      cancel: () => this.remove(memory, waiter),
    };
  }

  /** Wakes up to `count` waiters on `address` whose bitset meets `bitset`; returns how many. */
  wake(memory: GuestMemory, address: number, count: number, bitset: number): number {
    const waiters = this.queues.get(memory)?.get(address);
    if (waiters === undefined) return 0;
    let woken = 0;
    for (let i = 0; i < waiters.length && woken < count; ) {
      const waiter = waiters[i]!;
      if ((waiter.bitset & bitset) === 0) {
        i++;
        continue;
      }
      waiter.woken = true;
      waiters.splice(i, 1);
      woken++;
    }
    if (waiters.length === 0) this.queues.get(memory)!.delete(address);
    return woken;
  }

  /** Wakes up to `wakeCount` waiters on `from` and moves up to `requeueCount` of the rest to `to`; returns both counts summed. */
  requeue(memory: GuestMemory, from: number, to: number, wakeCount: number, requeueCount: number): number {
    const woken = this.wake(memory, from, wakeCount, MATCH_ANY);
    const waiters = this.queues.get(memory)?.get(from);
    if (waiters === undefined) return woken;
    const moved = waiters.splice(0, Math.min(requeueCount, waiters.length));
    if (waiters.length === 0) this.queues.get(memory)!.delete(from);
    const target = this.queue(memory, to);
    for (const waiter of moved) {
      waiter.address = to;
      target.push(waiter);
    }
    return woken + moved.length;
  }
}
