import { describe, expect, it } from 'vitest';
import { Errno } from '../kernel/Errno.js';
import { GuestFault } from '../memory/GuestFault.js';
import { Protection } from '../memory/Protection.js';
import { SharedMemory } from '../memory/SharedMemory.js';
import { errnoOf } from '../testing/syscallHarness.js';
import { AddressSpace } from './AddressSpace.js';
import { renderMaps } from './renderMaps.js';
import { VmaFlags } from './Vma.js';

const RW = Protection.Read | Protection.Write;
const layout = { taskSize: 0x7ffffffff000, stackTop: 0x7ffffffff000, stackLimit: 8 << 20, mmapBase: 0x7ffff7fff000, mmapMinAddr: 0x10000, pieLoadBase: 0x555555554000, canonicalLimit: 2 ** 47, impliedRead: 0 };

function space(): AddressSpace {
  return new AddressSpace(layout);
}

function ranges(s: AddressSpace): string[] {
  return s.vmas.map((v) => `${v.start.toString(16)}-${v.end.toString(16)} ${v.prot}`);
}

describe('AddressSpace', () => {
  describe('map', () => {
    it('should place mappings top-down below mmap_base and merge compatible neighbours', () => {
      const s = space();
      const a = s.map({ length: 0x2000, prot: RW });
      const b = s.map({ length: 0x1000, prot: RW });
      expect(a).toBe(0x7ffff7ffd000);
      expect(b).toBe(0x7ffff7ffc000);
      expect(ranges(s)).toEqual(['7ffff7ffc000-7ffff7fff000 3']);
    });

    it('should replace what MAP_FIXED covers and refuse MAP_FIXED_NOREPLACE over it', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x3000, prot: RW, fixed: true });
      s.map({ address: 0x401000, length: 0x1000, prot: Protection.Read, fixed: true });
      expect(ranges(s)).toEqual(['400000-401000 3', '401000-402000 1', '402000-403000 3']);
      expect(errnoOf(() => s.map({ address: 0x402000, length: 0x1000, prot: RW, noReplace: true }))).toBe(Errno.EEXIST);
    });

    it('should zero a page that is unmapped and mapped again', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x1000, prot: RW, fixed: true });
      s.memory.w32(0x400010, 77);
      s.unmap(0x400000, 0x1000);
      s.map({ address: 0x400000, length: 0x1000, prot: RW, fixed: true });
      expect(s.memory.r32(0x400010)).toBe(0);
    });
  });

  describe('protect', () => {
    it('should split a VMA in three and merge it back', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x3000, prot: RW, fixed: true });
      s.protect(0x401000, 0x1000, Protection.Read);
      expect(ranges(s)).toEqual(['400000-401000 3', '401000-402000 1', '402000-403000 3']);
      s.protect(0x401000, 0x1000, RW);
      expect(ranges(s)).toEqual(['400000-403000 3']);
    });

    it('should fail with ENOMEM over a hole', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x1000, prot: RW, fixed: true });
      expect(errnoOf(() => s.protect(0x400000, 0x2000, Protection.Read))).toBe(Errno.ENOMEM);
    });

    it('should make the memory fault after the change', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x1000, prot: RW, fixed: true });
      s.memory.w8(0x400000, 1);
      s.protect(0x400000, 0x1000, Protection.Read);
      expect(() => s.memory.w8(0x400000, 2)).toThrow();
      expect(s.memory.r8(0x400000)).toBe(1);
    });
  });

  describe('remap', () => {
    it('should grow in place when the space after is free', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x1000, prot: RW, fixed: true });
      expect(s.remap(0x400000, 0x1000, 0x3000, 0, 0)).toBe(0x400000);
      expect(ranges(s)).toEqual(['400000-403000 3']);
    });

    it('should move the pages, contents included, when it may move', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x1000, prot: RW, fixed: true });
      s.map({ address: 0x401000, length: 0x1000, prot: Protection.Read, fixed: true });
      s.memory.w32(0x400100, 0x1234);
      const moved = s.remap(0x400000, 0x1000, 0x2000, 1, 0);
      expect(moved).not.toBe(0x400000);
      expect(s.memory.r32(moved + 0x100)).toBe(0x1234);
      expect(s.find(0x400000)).toBeUndefined();
    });

    it('should fail with ENOMEM when it must move but may not', () => {
      const s = space();
      s.map({ address: 0x400000, length: 0x1000, prot: RW, fixed: true });
      s.map({ address: 0x401000, length: 0x1000, prot: Protection.Read, fixed: true });
      expect(errnoOf(() => s.remap(0x400000, 0x1000, 0x2000, 0, 0))).toBe(Errno.ENOMEM);
    });
  });

  describe('setBrk', () => {
    it('should grow and shrink the heap and refuse to go below its start', () => {
      const s = space();
      s.startBrk = 0x600000;
      s.brk = 0x600000;
      expect(s.setBrk(0x602345)).toBe(0x602345);
      expect(ranges(s)).toEqual(['600000-603000 3']);
      expect(s.setBrk(0x601000)).toBe(0x601000);
      expect(ranges(s)).toEqual(['600000-601000 3']);
      expect(s.setBrk(0x500000)).toBe(0x601000);
    });
  });

  describe('renderMaps', () => {
    it('should print the maps line format of Linux, names at column 73', () => {
      const s = space();
      s.startBrk = 0x600000;
      s.brk = 0x600000;
      s.setBrk(0x601000);
      s.map({ address: 0x7ffff7ffd000, length: 0x1000, prot: Protection.Read | Protection.Exec, name: '[uprobes]', fixed: true });
      const lines = renderMaps(s).split('\n');
      expect(lines[0]).toBe(`${'00600000-00601000 rw-p 00000000 00:00 0'.padEnd(73)}[heap]`);
      expect(lines[1]).toBe(`${'7ffff7ffd000-7ffff7ffe000 r-xp 00000000 00:00 0'.padEnd(73)}[uprobes]`);
    });
  });

  describe('fork', () => {
    it('should copy the VMAs, the break and every resident page, bytes and protection, so that later writes stay apart', () => {
      const s = space();
      s.startBrk = 0x600000;
      s.setBrk(0x602000);
      s.map({ address: 0x400000, length: 0x2000, prot: RW, fixed: true });
      s.protect(0x401000, 0x1000, Protection.Read);
      s.memory.write(0x400010, new Uint8Array([1, 2, 3]));
      s.memory.poke(0x401000, new Uint8Array([9]));
      const child = s.fork();
      expect(ranges(child)).toEqual(ranges(s));
      expect(child.brk).toBe(0x602000);
      expect([...child.memory.read(0x400010, 3)]).toEqual([1, 2, 3]);
      expect([...child.memory.read(0x401000, 1)]).toEqual([9]);
      expect(() => child.memory.write(0x401000, new Uint8Array([1]))).toThrow(GuestFault);
      child.memory.write(0x400010, new Uint8Array([7]));
      s.memory.write(0x400011, new Uint8Array([8]));
      expect([...s.memory.read(0x400010, 3)]).toEqual([1, 8, 3]);
      expect([...child.memory.read(0x400010, 3)]).toEqual([7, 2, 3]);
      expect(child.memory.residentPages).toBe(s.memory.residentPages);
    });

    it('should share the pages of a MAP_SHARED anonymous mapping, touched before the fork or after it, whole or split', () => {
      const s = space();
      const object = new SharedMemory();
      s.map({ address: 0x400000, length: 0x3000, prot: RW, flags: VmaFlags.Shared, backing: { kind: 'shared', object, offset: 0 }, fixed: true });
      s.memory.write(0x400000, new Uint8Array([1]));
      const child = s.fork();
      child.protect(0x401000, 0x1000, Protection.Read);
      child.memory.write(0x400001, new Uint8Array([2]));
      s.memory.write(0x402000, new Uint8Array([3]));
      expect([...s.memory.read(0x400000, 2)]).toEqual([1, 2]);
      expect([...child.memory.read(0x402000, 1)]).toEqual([3]);
      // The split VMAs of the child still reach the object at their own offsets.
      s.memory.write(0x401000, new Uint8Array([4]));
      expect([...child.memory.read(0x401000, 1)]).toEqual([4]);
      expect(renderMaps(child).split('\n')[0]).toBe(`${`00400000-00401000 rw-s 00000000 00:01 ${object.inode}`.padEnd(73)}/dev/zero (deleted)`);
      expect(renderMaps(child).split('\n')[1]).toContain('00401000-00402000 r--s 00001000 00:01');
    });

    it('should leave DontCopy VMAs and reserved ranges behind, so the child can map there', () => {
      const s = space();
      s.map({ address: 0x500000, length: 0x1000, prot: Protection.Exec, flags: VmaFlags.Sealed | VmaFlags.DontCopy, name: '[uprobes]', fixed: true });
      s.reserve({ start: 0x510000, end: 0x511000 });
      const child = s.fork();
      expect(child.vmas).toEqual([]);
      expect(child.reservedRanges).toEqual([]);
      expect(child.map({ address: 0x510000, length: 0x1000, prot: RW, fixed: true })).toBe(0x510000);
    });
  });
});
