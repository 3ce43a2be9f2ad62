import { describe, expect, it } from 'vitest';
import { Scheduler } from './Scheduler.js';
import { type Task } from './Task.js';

const task = (tid: number) => ({ tid, exited: false }) as Task;

describe('Scheduler', () => {
  it('should take turns in creation order among the tasks that are ready', () => {
    const scheduler = new Scheduler(1000, 0);
    const tasks = [1, 2, 3].map(task);
    for (const t of tasks) scheduler.add(t);
    const blocked = new Set([2]);
    const picks = Array.from({ length: 4 }, () => scheduler.next((t) => !blocked.has(t.tid))?.tid);
    expect(picks).toEqual([1, 3, 1, 3]);
  });

  it('should give slices of half to one and a half quanta, the same for the same seed', () => {
    const slices = (seed: number) => {
      const scheduler = new Scheduler(1000, seed);
      scheduler.add(task(1));
      scheduler.add(task(2));
      return Array.from({ length: 50 }, () => scheduler.slice());
    };
    const first = slices(7);
    expect(first).toEqual(slices(7));
    expect(first).not.toEqual(slices(8));
    for (const slice of first) expect(slice >= 500 && slice <= 1500).toBe(true);
  });

  it('should drop exited tasks from the rotation', () => {
    const scheduler = new Scheduler(1000, 0);
    const tasks = [1, 2, 3].map(task);
    for (const t of tasks) scheduler.add(t);
    tasks[0]!.exited = true;
    scheduler.prune();
    expect(scheduler.tasks.map((t) => t.tid)).toEqual([2, 3]);
    expect(scheduler.next(() => true)?.tid).toBe(2);
  });
});
