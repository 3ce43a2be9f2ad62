import { describe, expect, it } from 'vitest';
import { Protection } from '../memory/Protection.js';
import { AddressSpace } from '../process/AddressSpace.js';
import { Futexes, MATCH_ANY } from './Futexes.js';
import { releaseRobustList } from './robustList.js';
import { type Task } from './Task.js';

const layout = { taskSize: 0x7ffffffff000, stackTop: 0x7ffffffff000, stackLimit: 8 << 20, mmapBase: 0x7ffff7fff000, mmapMinAddr: 0x10000, pieLoadBase: 0x555555554000, canonicalLimit: 2 ** 47, impliedRead: 0 };
/** Above 2^32, so that a link masked with 32-bit arithmetic would go astray. */
const PAGE = 0x7f0000001000;
const HEAD = PAGE;
const TID = 77;
const FUTEX_OFFSET = -16;
const WAITERS = 0x80000000;
const OWNER_DIED = 0x40000000;

function world() {
  const space = new AddressSpace(layout);
  space.map({ address: PAGE, length: 0x1000, prot: Protection.Read | Protection.Write, fixed: true });
  const memory = space.memory;
  const task = { tid: TID, robustList: HEAD, process: { memory } } as unknown as Task;
  return { memory, task, futexes: new Futexes() };
}

/** Links `entries` (addresses of list nodes) into a list at HEAD; each node's futex word is FUTEX_OFFSET before it. */
function link(memory: AddressSpace['memory'], entries: number[], pending = 0): void {
  const nodes = [HEAD, ...entries];
  nodes.forEach((node, i) => memory.writeU64(node, nodes[(i + 1) % nodes.length]!));
  memory.w64(HEAD + 8, FUTEX_OFFSET, -1);
  memory.writeU64(HEAD + 16, pending);
}

const word = (memory: AddressSpace['memory'], node: number) => memory.r32(node + FUTEX_OFFSET) >>> 0;

describe('releaseRobustList', () => {
  it('should mark the futexes the dead task owns, keep their waiters bit and wake one waiter each', () => {
    const { memory, task, futexes } = world();
    const [owned, contended, foreign] = [PAGE + 0x100, PAGE + 0x200, PAGE + 0x300];
    link(memory, [owned, contended, foreign]);
    memory.w32(owned + FUTEX_OFFSET, TID);
    memory.w32(contended + FUTEX_OFFSET, (WAITERS | TID) | 0);
    memory.w32(foreign + FUTEX_OFFSET, TID + 1);
    const waiters = [1, 2].map((tid) => futexes.wait({ tid } as Task, memory, contended + FUTEX_OFFSET, MATCH_ANY, undefined));
    releaseRobustList(task, futexes);
    expect([word(memory, owned), word(memory, contended), word(memory, foreign)]).toEqual([OWNER_DIED, (WAITERS | OWNER_DIED) >>> 0, TID + 1]);
    expect(waiters.map((w) => w.poll(false))).toEqual([0, undefined]);
    expect(task.robustList).toBe(0);
  });

  it('should wake a waiter on the pending lock when it is free, and mark it when the task holds it', () => {
    const { memory, task, futexes } = world();
    const free = PAGE + 0x100;
    link(memory, [], free);
    const waiter = futexes.wait({ tid: 1 } as Task, memory, free + FUTEX_OFFSET, MATCH_ANY, undefined);
    releaseRobustList(task, futexes);
    expect(waiter.poll(false)).toBe(0);

    const again = world();
    const held = PAGE + 0x100;
    link(again.memory, [], held);
    again.memory.w32(held + FUTEX_OFFSET, TID);
    releaseRobustList(again.task, again.futexes);
    expect(word(again.memory, held)).toBe(OWNER_DIED);
  });

  it('should stop after ROBUST_LIST_LIMIT links of a list that never returns to its head', () => {
    const { memory, task, futexes } = world();
    const loop = [PAGE + 0x100, PAGE + 0x200];
    link(memory, []);
    memory.writeU64(HEAD, loop[0]!);
    memory.writeU64(loop[0]!, loop[1]!);
    memory.writeU64(loop[1]!, loop[0]!);
    memory.w32(loop[0]! + FUTEX_OFFSET, TID);
    releaseRobustList(task, futexes);
    expect(word(memory, loop[0]!)).toBe(OWNER_DIED);
  });

  it('should end quietly at a link into unmapped memory', () => {
    const { memory, task, futexes } = world();
    link(memory, [PAGE + 0x100]);
    memory.writeU64(PAGE + 0x100, 0x1234000);
    memory.w32(PAGE + 0x100 + FUTEX_OFFSET, TID);
    expect(() => releaseRobustList(task, futexes)).not.toThrow();
    expect(word(memory, PAGE + 0x100)).toBe(OWNER_DIED);
  });
});
