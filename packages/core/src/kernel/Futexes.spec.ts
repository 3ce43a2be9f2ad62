import { describe, expect, it } from 'vitest';
import { type GuestMemory } from '../memory/GuestMemory.js';
import { Futexes, MATCH_ANY } from './Futexes.js';
import { type Task } from './Task.js';

const memory = {} as GuestMemory;
const task = (tid: number) => ({ tid }) as Task;

describe('Futexes', () => {
  it('should wake waiters in the order they slept, no more than asked', () => {
    const futexes = new Futexes();
    const waits = [1, 2, 3].map((tid) => futexes.wait(task(tid), memory, 0x1000, MATCH_ANY, undefined));
    expect(futexes.wake(memory, 0x1000, 2, MATCH_ANY)).toBe(2);
    expect(waits.map((w) => w.poll(false))).toEqual([0, 0, undefined]);
    expect(futexes.wake(memory, 0x1000, 5, MATCH_ANY)).toBe(1);
    expect(waits[2]!.poll(false)).toBe(0);
  });

  it('should wake only waiters whose bitset meets the wake bitset', () => {
    const futexes = new Futexes();
    const low = futexes.wait(task(1), memory, 0x1000, 0b01, undefined);
    const high = futexes.wait(task(2), memory, 0x1000, 0b10, undefined);
    expect(futexes.wake(memory, 0x1000, 10, 0b10)).toBe(1);
    expect([low.poll(false), high.poll(false)]).toEqual([undefined, 0]);
  });

  it('should time out a waiter and take it off the queue', () => {
    const futexes = new Futexes();
    const wait = futexes.wait(task(1), memory, 0x1000, MATCH_ANY, 500);
    expect(wait.poll(false)).toBeUndefined();
    expect(wait.poll(true)).toBe(-110);
    expect(futexes.wake(memory, 0x1000, 1, MATCH_ANY)).toBe(0);
  });

  it('should requeue the waiters it does not wake onto the other word', () => {
    const futexes = new Futexes();
    const waits = [1, 2, 3].map((tid) => futexes.wait(task(tid), memory, 0x1000, MATCH_ANY, undefined));
    expect(futexes.requeue(memory, 0x1000, 0x2000, 1, 1)).toBe(2);
    expect(futexes.wake(memory, 0x1000, 10, MATCH_ANY)).toBe(1);
    expect(futexes.wake(memory, 0x2000, 10, MATCH_ANY)).toBe(1);
    expect(waits.map((w) => w.poll(false))).toEqual([0, 0, 0]);
  });

  it('should forget a waiter a signal took away', () => {
    const futexes = new Futexes();
    const wait = futexes.wait(task(1), memory, 0x1000, MATCH_ANY, undefined);
    wait.cancel();
    expect(futexes.wake(memory, 0x1000, 1, MATCH_ANY)).toBe(0);
  });
});
