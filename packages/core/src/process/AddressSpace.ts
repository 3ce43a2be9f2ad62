import { Errno, SyscallError } from '../kernel/Errno.js';
import { GuestMemory } from '../memory/GuestMemory.js';
import { PAGE_SIZE, pageDown, pageUp } from '../memory/layout.js';
import { Page } from '../memory/Page.js';
import { type PageSource } from '../memory/PageSource.js';
import { type AddressSpaceLayout } from './AddressSpaceLayout.js';
import { backingFrom, canMerge, type Vma, VmaFlags } from './Vma.js';

export interface MapRequest {
  /** A hint, or the exact address with `fixed`. */
  address?: number;
  length: number;
  prot: number;
  flags?: number;
  backing?: Vma['backing'];
  name?: string;
  /** MAP_FIXED: replace whatever is there. */
  fixed?: boolean;
  /** MAP_FIXED_NOREPLACE: exact address, EEXIST if anything is there. */
  noReplace?: boolean;
}

/** A range of addresses that is not a VMA but that mmap must not hand out (the reserved XOL page). */
export interface ReservedRange {
  readonly start: number;
  readonly end: number;
}

/**
 * The VMA list of one process, with Linux's mmap/munmap/mprotect/mremap/brk semantics, and the
 * page source that fills guest memory from the VMAs on first touch.
 */
export class AddressSpace implements PageSource {
  private readonly list: Vma[] = [];
  private readonly reserved: ReservedRange[] = [];
  readonly memory: GuestMemory;
  startBrk = 0;
  brk = 0;
  startStack = 0;

  constructor(readonly layout: AddressSpaceLayout) {
    this.memory = new GuestMemory(this, layout.canonicalLimit, layout.impliedRead);
  }

  get vmas(): readonly Vma[] {
    return this.list;
  }

  /** The VMA containing `address`, or undefined. */
  find(address: number): Vma | undefined {
    const i = this.indexAfter(address);
    const vma = this.list[i - 1];
    return vma !== undefined && address < vma.end ? vma : undefined;
  }

  /** Index of the first VMA whose start is above `address`. */
  private indexAfter(address: number): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.list[mid]!.start <= address) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  materialize(pageIndex: number): Page | undefined {
    const address = pageIndex * PAGE_SIZE;
    const vma = this.find(address) ?? this.growStack(address);
    if (vma === undefined) return undefined;
    if (vma.backing.kind === 'shared') return new Page(vma.prot, address < 0, vma.backing.object.page((vma.backing.offset + (address - vma.start)) / PAGE_SIZE));
    const page = new Page(vma.prot, address < 0);
    if (vma.backing.kind === 'file') {
      const from = vma.backing.offset + (address - vma.start);
      const bytes = vma.backing.file.bytes;
      if (from < bytes.length) page.bytes.set(bytes.subarray(from, Math.min(bytes.length, from + PAGE_SIZE)));
    }
    return page;
  }

  /** Linux extends a grows-down stack VMA when the guest touches the gap just below it. */
  private growStack(address: number): Vma | undefined {
    const above = this.list[this.indexAfter(address)];
    if (above === undefined || (above.flags & VmaFlags.GrowsDown) === 0) return undefined;
    const start = pageDown(address);
    if (above.end - start > this.layout.stackLimit) return undefined;
    const below = this.list[this.indexAfter(address) - 1];
    if (below !== undefined && below.end + PAGE_SIZE > start) return undefined;
    above.start = start;
    return above;
  }

  /** mmap: returns the start address; throws SyscallError for -errno. */
  map(request: MapRequest): number {
    const length = pageUp(request.length);
    if (request.length <= 0 || length > this.layout.taskSize) throw new SyscallError(Errno.ENOMEM);
    let start: number;
    if (request.fixed === true || request.noReplace === true) {
      start = request.address ?? 0;
      if ((start & (PAGE_SIZE - 1)) !== 0) throw new SyscallError(Errno.EINVAL);
      if (start + length > this.layout.taskSize || start < 0) throw new SyscallError(Errno.ENOMEM);
      if (request.noReplace === true && this.overlaps(start, start + length)) throw new SyscallError(Errno.EEXIST);
      // A reserved range belongs to the kernel: a fixed mapping cannot replace it.
      if (this.reserved.some((r) => r.start < start + length && start < r.end)) throw new SyscallError(Errno.ENOMEM);
      this.checkUnsealed(start, start + length);
      this.unmap(start, length);
    } else {
      start = this.findFree(length, request.address);
    }
    const vma: Vma = {
      start,
      end: start + length,
      prot: request.prot,
      flags: request.flags ?? 0,
      backing: request.backing ?? { kind: 'anonymous' },
    };
    if (request.name !== undefined) vma.name = request.name;
    this.insert(vma);
    return start;
  }

  /** Whether any VMA or reserved range intersects [start, end). */
  overlaps(start: number, end: number): boolean {
    const i = this.indexAfter(start);
    const before = this.list[i - 1];
    if (before !== undefined && before.end > start) return true;
    const after = this.list[i];
    if (after !== undefined && after.start < end) return true;
    return this.reserved.some((r) => r.start < end && start < r.end);
  }

  /** Linux's top-down search (vm_unmapped_area) below mmap_base, trying the hint first. */
  findFree(length: number, hint?: number): number {
    if (hint !== undefined && hint !== 0) {
      const start = pageUp(hint);
      if (start >= this.layout.mmapMinAddr && start + length <= this.layout.taskSize && !this.overlaps(start, start + length)) {
        return start;
      }
    }
    let top = this.layout.mmapBase;
    for (;;) {
      const start = top - length;
      if (start < this.layout.mmapMinAddr) throw new SyscallError(Errno.ENOMEM);
      const blocker = this.highestBlockerBelow(top, start);
      if (blocker === undefined) return start;
      top = blocker;
    }
  }

  /** The lowest start among ranges that intersect [start, top), if any: the search continues below it. */
  private highestBlockerBelow(top: number, start: number): number | undefined {
    let lowest: number | undefined;
    for (const r of [...this.list, ...this.reserved]) {
      if (r.start < top && r.end > start && (lowest === undefined || r.start < lowest)) lowest = r.start;
    }
    return lowest;
  }

  /** can_modify_mm: no sealed VMA may lie in [start, end). */
  private checkUnsealed(start: number, end: number): void {
    for (const vma of this.list) if (vma.start < end && start < vma.end && (vma.flags & VmaFlags.Sealed) !== 0) throw new SyscallError(Errno.EPERM);
  }

  unmap(start: number, length: number): void {
    if ((start & (PAGE_SIZE - 1)) !== 0 || length <= 0) throw new SyscallError(Errno.EINVAL);
    if (start < 0 || start > this.layout.taskSize || length > this.layout.taskSize - start) throw new SyscallError(Errno.EINVAL);
    const end = start + pageUp(length);
    this.checkUnsealed(start, end);
    this.splitAt(start);
    this.splitAt(end);
    const kept = this.list.filter((v) => v.end <= start || v.start >= end);
    if (kept.length !== this.list.length) {
      this.list.splice(0, this.list.length, ...kept);
    }
    this.dropOutsideReserved(start, end);
  }

  /** Forgets the pages of [start, end) except those of reserved ranges, which are not the guest's to unmap. */
  private dropOutsideReserved(start: number, end: number): void {
    let at = start;
    for (const r of [...this.reserved].sort((a, b) => a.start - b.start)) {
      if (r.end <= at || r.start >= end) continue;
      if (r.start > at) this.memory.drop(at / PAGE_SIZE, r.start / PAGE_SIZE);
      at = Math.max(at, r.end);
    }
    if (at < end) this.memory.drop(at / PAGE_SIZE, end / PAGE_SIZE);
  }

  protect(start: number, length: number, prot: number): void {
    if ((start & (PAGE_SIZE - 1)) !== 0) throw new SyscallError(Errno.EINVAL);
    const end = start + pageUp(length);
    if (length === 0) return;
    if (!this.covered(start, end)) throw new SyscallError(Errno.ENOMEM);
    this.checkUnsealed(start, end);
    this.splitAt(start);
    this.splitAt(end);
    for (const vma of this.list) if (vma.start >= start && vma.end <= end) vma.prot = prot;
    this.mergeAround(start, end);
    this.memory.protect(start / PAGE_SIZE, end / PAGE_SIZE, prot);
  }

  /** Whether [start, end) is mapped without holes. */
  covered(start: number, end: number): boolean {
    let at = start;
    for (const vma of this.list) {
      if (vma.end <= at) continue;
      if (vma.start > at) return false;
      at = vma.end;
      if (at >= end) return true;
    }
    return at >= end;
  }

  /** mremap with MREMAP_MAYMOVE (1) and MREMAP_FIXED (2); returns the new address. */
  remap(oldAddress: number, oldLength: number, newLength: number, flags: number, newAddress: number): number {
    const mayMove = (flags & 1) !== 0;
    const fixed = (flags & 2) !== 0;
    if ((oldAddress & (PAGE_SIZE - 1)) !== 0 || newLength <= 0 || (fixed && !mayMove)) throw new SyscallError(Errno.EINVAL);
    const oldLen = pageUp(oldLength);
    const newLen = pageUp(newLength);
    const vma = this.find(oldAddress);
    if (vma === undefined || oldLen === 0 || oldAddress + oldLen > vma.end) throw new SyscallError(Errno.EFAULT);
    this.checkUnsealed(oldAddress, oldAddress + oldLen);
    if (fixed) this.checkUnsealed(newAddress, newAddress + newLen);
    if (!fixed && newLen <= oldLen) {
      if (newLen < oldLen) this.unmap(oldAddress + newLen, oldLen - newLen);
      return oldAddress;
    }
    if (!fixed && oldAddress + oldLen === vma.end && !this.overlaps(vma.end, oldAddress + newLen) && oldAddress + newLen <= this.layout.taskSize) {
      this.splitAt(oldAddress);
      const grown = this.find(oldAddress)!;
      grown.end = oldAddress + newLen;
      this.mergeAround(oldAddress, grown.end);
      return oldAddress;
    }
    if (!mayMove) throw new SyscallError(Errno.ENOMEM);
    const target = fixed ? newAddress : this.findFree(newLen);
    if (fixed) {
      if ((target & (PAGE_SIZE - 1)) !== 0) throw new SyscallError(Errno.EINVAL);
      if (target < oldAddress + oldLen && oldAddress < target + newLen) throw new SyscallError(Errno.EINVAL);
      this.unmap(target, newLen);
    }
    const moved: Vma = { ...vma, start: target, end: target + newLen };
    moved.backing = backingFrom(vma, oldAddress);
    const keep = Math.min(oldLen, newLen);
    this.memory.move(oldAddress / PAGE_SIZE, (oldAddress + keep) / PAGE_SIZE, (target - oldAddress) / PAGE_SIZE);
    this.splitAt(oldAddress);
    this.splitAt(oldAddress + oldLen);
    this.list.splice(0, this.list.length, ...this.list.filter((v) => v.end <= oldAddress || v.start >= oldAddress + oldLen));
    this.memory.drop(oldAddress / PAGE_SIZE, (oldAddress + oldLen) / PAGE_SIZE);
    this.insert(moved);
    return target;
  }

  /** brk: moves the program break if it can and returns the (possibly unchanged) break. */
  setBrk(requested: number): number {
    if (requested < this.startBrk) return this.brk;
    const oldTop = pageUp(this.brk);
    const newTop = pageUp(requested);
    if (newTop > oldTop) {
      if (this.overlaps(oldTop, newTop + PAGE_SIZE)) return this.brk;
      this.map({ address: oldTop, length: newTop - oldTop, prot: 3, fixed: true });
    } else if (newTop < oldTop) {
      this.unmap(newTop, oldTop - newTop);
    }
    this.brk = requested;
    return this.brk;
  }

  /**
   * fork's dup_mmap: a new address space with a copy of every VMA, the break, and every resident
   * page's bytes and protection. The pages are copied at once rather than shared copy-on-write,
   * which the guest cannot tell apart, except that MAP_SHARED anonymous memory is copied too
   * instead of staying shared with the parent. DontCopy VMAs (`[uprobes]`) and the reserved
   * ranges (the reserved XOL page) are the kernel's, per process, and stay behind.
   */
  fork(): AddressSpace {
    const child = new AddressSpace(this.layout);
    for (const vma of this.list) {
      if ((vma.flags & VmaFlags.DontCopy) !== 0) continue;
      child.list.push({ ...vma });
      // A shared mapping's pages come from its object in the child too; the rest are copied.
      if (vma.backing.kind !== 'shared') child.memory.copyPages(this.memory, vma.start / PAGE_SIZE, vma.end / PAGE_SIZE);
    }
    child.startBrk = this.startBrk;
    child.brk = this.brk;
    child.startStack = this.startStack;
    return child;
  }

  reserve(range: ReservedRange): void {
    this.reserved.push(range);
  }

  get reservedRanges(): readonly ReservedRange[] {
    return this.reserved;
  }

  private insert(vma: Vma): void {
    this.list.splice(this.indexAfter(vma.start), 0, vma);
    this.mergeAround(vma.start, vma.end);
  }

  /** Splits the VMA containing `address` so that a VMA boundary falls there. */
  private splitAt(address: number): void {
    const vma = this.find(address);
    if (vma === undefined || vma.start === address) return;
    const upper: Vma = { ...vma, start: address };
    upper.backing = backingFrom(vma, address);
    vma.end = address;
    this.list.splice(this.indexAfter(vma.start), 0, upper);
  }

  private mergeAround(start: number, end: number): void {
    let i = Math.max(0, this.indexAfter(start) - 2);
    while (i < this.list.length - 1) {
      const left = this.list[i]!;
      const right = this.list[i + 1]!;
      if (left.start > end) break;
      if (canMerge(left, right)) {
        left.end = right.end;
        this.list.splice(i + 1, 1);
      } else {
        i++;
      }
    }
  }
}
