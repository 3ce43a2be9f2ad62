import { describe, expect, it } from 'vitest';
import { GuestFault } from '../memory/GuestFault.js';
import { PAGE_SIZE } from '../memory/layout.js';
import { Protection } from '../memory/Protection.js';
import { ProbeCounters } from '../probes/ProbeCounters.js';
import { AddressSpace } from '../process/AddressSpace.js';
import { renderMaps } from '../process/renderMaps.js';
import { highestFree, KERNEL_XOL_ADDRESS, kernelPagePlacement, mmapTop, nearCode, reservedPagePlacement, vmaPlacement } from './placements.js';
import { XolArea } from './XolArea.js';
import { type XolPlacement } from './XolPlacement.js';

const LAYOUT = { taskSize: 0x7ffffffff000, stackTop: 0x7ffffffff000, stackLimit: 8 << 20, mmapBase: 0x7ffff7fff000, mmapMinAddr: 0x10000, pieLoadBase: 0x555555554000, canonicalLimit: 2 ** 47, impliedRead: 0 };
const BREAKPOINT = Uint8Array.of(0xcc);
const SLOT_BYTES = 128;

function space(): AddressSpace {
  const s = new AddressSpace(LAYOUT);
  s.map({ address: 0x400000, length: 0x2000, prot: Protection.Read | Protection.Exec, fixed: true });
  return s;
}

function area(placement: XolPlacement = vmaPlacement(highestFree)) {
  const p = space();
  const counters = new ProbeCounters();
  return { p, counters, area: new XolArea(p, placement, SLOT_BYTES, BREAKPOINT, counters) };
}

describe('XolArea', () => {
  it('creates its page on first use, with the return trampoline (a breakpoint) in slot 0', () => {
    const { p, counters, area: a } = area();
    expect(a.created).toBe(false);
    expect(counters.xolBytes).toBe(0);
    const base = a.base;
    expect(base).toBe(LAYOUT.taskSize - PAGE_SIZE);
    expect(a.trampoline).toBe(base);
    expect([...p.memory.peek(base, 1)]).toEqual([0xcc]);
    expect([counters.xolBytes, counters.visibleMappings, a.slots]).toEqual([PAGE_SIZE, 1, PAGE_SIZE / SLOT_BYTES]);
    expect(a.base).toBe(base);
    expect(counters.xolBytes).toBe(PAGE_SIZE);
  });

  it('hands out slots 1.. and never slot 0, and none once all are busy', () => {
    const { counters, area: a } = area();
    const claimed = Array.from({ length: a.slots - 1 }, () => a.claim());
    expect(claimed).toEqual(Array.from({ length: a.slots - 1 }, (_, i) => i + 1));
    expect(a.claim()).toBeUndefined();
    expect([counters.slotsInUse, counters.peakSlotsInUse]).toEqual([a.slots - 1, a.slots - 1]);
    a.release(7);
    expect(a.claim()).toBe(7);
  });

  it('prefers a free slot that already holds the bytes, then the one written longest ago', () => {
    const { area: a } = area();
    const one = Uint8Array.of(1, 2, 3);
    const two = Uint8Array.of(4, 5);
    const s1 = a.claim(one)!;
    a.write(s1, one);
    a.release(s1);
    const s2 = a.claim(two)!;
    expect(s2).not.toBe(s1);
    a.write(s2, two);
    a.release(s2);
    expect(a.claim(one)).toBe(s1);
    a.release(s1);
    expect(a.claim(two)).toBe(s2);
    a.release(s2);
    // Neither holds these bytes: an unused slot comes first, before any written one.
    const fresh = a.claim(Uint8Array.of(9))!;
    expect([s1, s2]).not.toContain(fresh);
  });

  it('writes a slot only when its content changes, and counts each write', () => {
    const { p, counters, area: a } = area();
    const base = a.base;
    const writes = counters.textWrites;
    a.write(3, Uint8Array.of(0x90, 0xc3));
    a.write(3, Uint8Array.of(0x90, 0xc3));
    expect(counters.textWrites).toBe(writes + 1);
    expect([...p.memory.peek(base + 3 * SLOT_BYTES, 2)]).toEqual([0x90, 0xc3]);
    a.write(3, Uint8Array.of(0x90, 0xcc));
    expect(counters.textWrites).toBe(writes + 2);
  });

  it('claims runs of consecutive slots for long code', () => {
    const { area: a } = area();
    expect(a.slotsFor(1)).toBe(1);
    expect(a.slotsFor(SLOT_BYTES)).toBe(1);
    expect(a.slotsFor(SLOT_BYTES + 1)).toBe(2);
    a.claim();
    const run = a.claimRun(3)!;
    expect(run).toBe(2);
    expect(a.claim()).toBe(5);
    a.release(run, 3);
    expect(a.claimRun(3)).toBe(2);
  });
});

describe('XOL placements', () => {
  it('xol-vma: an execute-only [uprobes] mapping at the top of the address space, in /proc/self/maps', () => {
    const p = space();
    const at = vmaPlacement(highestFree).create(p);
    expect(at).toBe(LAYOUT.taskSize - PAGE_SIZE);
    expect(renderMaps(p).split('\n').find((l) => l.includes('[uprobes]'))).toMatch(/^7fffffffe000-7ffffffff000 --xp 00000000 00:00 0 +\[uprobes\]$/);
  });

  it('boosted: just below the program\'s lowest mapping, within reach of its code', () => {
    const p = space();
    expect(nearCode(p)).toBe(0x400000 - PAGE_SIZE);
    expect(vmaPlacement(nearCode).create(p)).toBe(0x400000 - PAGE_SIZE);
  });

  it('xol-page: a reserved page that is not a mapping, which MAP_FIXED cannot replace', () => {
    const p = space();
    const at = reservedPagePlacement(mmapTop).create(p);
    expect(at).toBe(LAYOUT.mmapBase);
    expect(p.vmas.some((v) => v.start <= at && at < v.end)).toBe(false);
    expect(p.reservedRanges).toEqual([{ start: at, end: at + PAGE_SIZE }]);
    expect(() => p.map({ address: at, length: PAGE_SIZE, prot: Protection.Read, fixed: true })).toThrow();
    // mmap without MAP_FIXED goes elsewhere.
    const other = p.map({ address: 0, length: PAGE_SIZE, prot: Protection.Read });
    expect(other === at).toBe(false);
  });

  it('xol-kernel: a supervisor page in the kernel half that user mode cannot read', () => {
    const p = space();
    const at = kernelPagePlacement().create(p);
    expect(at).toBe(KERNEL_XOL_ADDRESS);
    expect(p.vmas.some((v) => v.start <= at && at < v.end)).toBe(false);
    p.memory.setUserMode(true);
    expect(() => p.memory.read(at, 1)).toThrow(GuestFault);
    p.memory.setUserMode(false);
    expect(() => p.memory.read(at, 1)).not.toThrow();
  });
});
