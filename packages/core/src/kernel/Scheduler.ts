import { SeededRandom } from './SeededRandom.js';
import { type Task } from './Task.js';

/** Keeps the schedule's random stream apart from the one the guest reads (AT_RANDOM, getrandom). */
const SCHEDULE_STREAM = 0x5c4ed;
/** One trap in this many ends the slice on the way back to user mode, as a timer interrupt could. */
const PREEMPT_AFTER_TRAP = 8;

/**
 * The deterministic scheduler: tasks take turns in creation order, each for a time slice of
 * about `quantum` instructions, and give up the CPU when they block. The seed perturbs the
 * slice lengths (between half and one and a half quanta), so that one seed is one
 * reproducible interleaving and another seed another. A slice may also end right after a trap
 * (a breakpoint, a step), where a task sits between a probe hit and its completion: that is
 * where the strategies' races live, so the seed must be able to land a switch there.
 */
export class Scheduler {
  private readonly random: SeededRandom;
  /** Every task that has not exited, in creation order. */
  readonly tasks: Task[] = [];
  private cursor = 0;

  constructor(
    private readonly quantum: number,
    seed: number,
  ) {
    this.random = new SeededRandom((seed ^ SCHEDULE_STREAM) >>> 0);
  }

  add(task: Task): void {
    this.tasks.push(task);
  }

  /** Drops tasks that exited (their slots in the rotation go to the next ones). */
  prune(): void {
    const before = this.tasks.length;
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      if (this.tasks[i]!.exited) {
        this.tasks.splice(i, 1);
        if (i < this.cursor) this.cursor--;
      }
    }
    if (this.tasks.length !== before && this.cursor >= this.tasks.length) this.cursor = 0;
  }

  /**
   * The next task after the last one picked that `ready` accepts (it may complete a wait on the
   * way), or undefined when none is.
   */
  next(ready: (task: Task) => boolean): Task | undefined {
    const count = this.tasks.length;
    for (let k = 0; k < count; k++) {
      const index = (this.cursor + k) % count;
      const task = this.tasks[index]!;
      if (!task.exited && ready(task)) {
        this.cursor = (index + 1) % count;
        return task;
      }
    }
    return undefined;
  }

  /** Whether the task that just took a trap gives up the CPU on its way back to user mode. */
  preemptsAfterTrap(): boolean {
    return this.tasks.length > 1 && this.random.nextUint32() % PREEMPT_AFTER_TRAP === 0;
  }

  /** Instructions the picked task may run before the next switch. */
  slice(): number {
    if (this.tasks.length <= 1) return this.quantum;
    const half = Math.max(1, Math.floor(this.quantum / 2));
    return half + (this.random.nextUint32() % (this.quantum + 1));
  }
}
