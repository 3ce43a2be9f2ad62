import { type GuestAccess } from './GuestAccess.js';
import { GuestFault, SegvCode } from './GuestFault.js';
import { PAGE_MASK, PAGE_SIZE } from './layout.js';
import { Page } from './Page.js';
import { type PageSource } from './PageSource.js';
import { Protection } from './Protection.js';

const TLB_ENTRIES = 512;
const TLB_MASK = TLB_ENTRIES - 1;

const unusedView = new DataView(new ArrayBuffer(8));

/**
 * Paged guest memory with a software TLB in front of the page table.
 *
 * Addresses are JS numbers holding the signed 64-bit value, exact for every canonical address:
 * user addresses are positive and supervisor (kernel-half) addresses negative. The fast path of
 * each accessor is a tag compare and a DataView access; everything else (first touch, page
 * crossing, permissions, writes to pages holding decoded code) takes the slow path.
 */
export class GuestMemory {
  private readonly pages = new Map<number, Page>();
  private readonly readBase = new Float64Array(TLB_ENTRIES).fill(Number.NaN);
  private readonly readView: DataView[] = new Array<DataView>(TLB_ENTRIES).fill(unusedView);
  private readonly writeBase = new Float64Array(TLB_ENTRIES).fill(Number.NaN);
  private readonly writeView: DataView[] = new Array<DataView>(TLB_ENTRIES).fill(unusedView);
  /** High half of the last `r64` result, so a 64-bit load needs no allocation. */
  hi = 0;
  /** False while the CPU runs at a privilege level that may touch supervisor pages. */
  private userMode = true;
  residentPages = 0;
  peakResidentPages = 0;
  /** Called before a write lands on a page that holds decoded code. */
  onCodeWrite: (pageIndex: number) => void = () => {};

  constructor(
    private readonly source: PageSource,
    private readonly canonicalLimit: number,
    /** Protection bits that also grant reading (see AddressSpaceLayout.impliedRead). */
    private readonly impliedRead: number,
  ) {}

  r8(a: number): number {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.readBase[i] === a - off) return this.readView[i]!.getUint8(off);
    return this.readSlow(a, 1);
  }

  r16(a: number): number {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.readBase[i] === a - off && off <= PAGE_SIZE - 2) return this.readView[i]!.getUint16(off, true);
    return this.readSlow(a, 2);
  }

  /** Returns the 32-bit value as a signed int32. */
  r32(a: number): number {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.readBase[i] === a - off && off <= PAGE_SIZE - 4) return this.readView[i]!.getInt32(off, true);
    return this.readSlow(a, 4) | 0;
  }

  /** Returns the low half as int32 and leaves the high half in `hi`. */
  r64(a: number): number {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.readBase[i] === a - off && off <= PAGE_SIZE - 8) {
      const v = this.readView[i]!;
      this.hi = v.getInt32(off + 4, true);
      return v.getInt32(off, true);
    }
    this.checkReadable(a, 8);
    const lo = this.readSlow(a, 4) | 0;
    this.hi = this.readSlow(a + 4, 4) | 0;
    return lo;
  }

  w8(a: number, v: number): void {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.writeBase[i] === a - off) this.writeView[i]!.setUint8(off, v);
    else this.writeSlow(a, 1, v);
  }

  w16(a: number, v: number): void {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.writeBase[i] === a - off && off <= PAGE_SIZE - 2) this.writeView[i]!.setUint16(off, v, true);
    else this.writeSlow(a, 2, v);
  }

  w32(a: number, v: number): void {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.writeBase[i] === a - off && off <= PAGE_SIZE - 4) this.writeView[i]!.setInt32(off, v, true);
    else this.writeSlow(a, 4, v);
  }

  w64(a: number, lo: number, hi: number): void {
    const off = a & PAGE_MASK;
    const i = (a >>> 12) & TLB_MASK;
    if (this.writeBase[i] === a - off && off <= PAGE_SIZE - 8) {
      const v = this.writeView[i]!;
      v.setInt32(off, lo, true);
      v.setInt32(off + 4, hi, true);
      return;
    }
    // Probe both halves before writing either, so a fault leaves memory untouched.
    this.checkWritable(a, 8);
    this.writeSlow(a, 4, lo);
    this.writeSlow(a + 4, 4, hi);
  }

  /** Writes a non-negative integer below 2^53 (a pointer, a size) as 64 bits. */
  writeU64(a: number, v: number): void {
    this.w64(a, v | 0, Math.floor(v / 4294967296));
  }

  /** Checks that `length` bytes from `a` are writable by the current mode, faulting at the first byte that is not. */
  checkWritable(a: number, length: number): void {
    this.checkRange(a, length, 'write');
  }

  /** Checks that `length` bytes from `a` are readable by the current mode. */
  checkReadable(a: number, length: number): void {
    this.checkRange(a, length, 'read');
  }

  /**
   * An access whose last byte is not canonical is a general-protection fault before any page is
   * walked, even when its first bytes are canonical and unmapped.
   */
  private checkRange(a: number, length: number, access: GuestAccess): void {
    const last = a + length - 1;
    if (last >= this.canonicalLimit || last < -this.canonicalLimit) throw new GuestFault(0, SegvCode.Kernel, access);
    this.pageFor(a, access);
    for (let page = a - (a & PAGE_MASK) + PAGE_SIZE; page < a + length; page += PAGE_SIZE) this.pageFor(page, access);
  }

  private readSlow(a: number, size: number): number {
    this.checkRange(a, size, 'read');
    let value = 0;
    for (let k = size - 1; k >= 0; k--) {
      const addr = a + k;
      const page = this.pageFor(addr, 'read');
      value = value * 256 + page.bytes[addr & PAGE_MASK]!;
    }
    this.fillRead(a);
    return value;
  }

  private writeSlow(a: number, size: number, v: number): void {
    this.checkWritable(a, size);
    for (let k = 0; k < size; k++) {
      const addr = a + k;
      const page = this.pageFor(addr, 'write');
      if (page.hasCode) this.onCodeWrite(Math.floor(addr / PAGE_SIZE));
      page.bytes[addr & PAGE_MASK] = (v >>> (8 * k)) & 0xff;
    }
    this.fillWrite(a);
  }

  private fillRead(a: number): void {
    const base = a - (a & PAGE_MASK);
    const page = this.pages.get(base / PAGE_SIZE);
    if (page === undefined || !this.permits(page, 'read')) return;
    const i = (a >>> 12) & TLB_MASK;
    this.readBase[i] = base;
    this.readView[i] = page.view;
  }

  private fillWrite(a: number): void {
    const base = a - (a & PAGE_MASK);
    const page = this.pages.get(base / PAGE_SIZE);
    if (page === undefined || page.hasCode || !this.permits(page, 'write')) return;
    const i = (a >>> 12) & TLB_MASK;
    this.writeBase[i] = base;
    this.writeView[i] = page.view;
  }

  private permits(page: Page, access: GuestAccess): boolean {
    if (page.supervisor && this.userMode) return false;
    const need = access === 'read' ? Protection.Read | this.impliedRead : access === 'write' ? Protection.Write : Protection.Exec;
    return (page.prot & need) !== 0;
  }

  /** The page holding `a`, materialised on first touch, or a fault if `access` is not allowed. */
  pageFor(a: number, access: GuestAccess): Page {
    if (a >= this.canonicalLimit || a < -this.canonicalLimit) throw new GuestFault(0, SegvCode.Kernel, access);
    const page = this.lookup(Math.floor(a / PAGE_SIZE));
    if (page === undefined) throw new GuestFault(a, SegvCode.MapError, access);
    if (page.supervisor && this.userMode) throw new GuestFault(a, SegvCode.MapError, access);
    if (!this.permits(page, access)) throw new GuestFault(a, SegvCode.AccessError, access);
    return page;
  }

  /** The page at `pageIndex`, materialising it from its VMA, or undefined when nothing maps it. */
  lookup(pageIndex: number): Page | undefined {
    let page = this.pages.get(pageIndex);
    if (page === undefined) {
      page = this.source.materialize(pageIndex);
      if (page === undefined) return undefined;
      this.install(pageIndex, page);
    }
    return page;
  }

  /** The page at `pageIndex` if it has been touched; never materialises. */
  resident(pageIndex: number): Page | undefined {
    return this.pages.get(pageIndex);
  }

  install(pageIndex: number, page: Page): void {
    if (!this.pages.has(pageIndex)) {
      this.residentPages++;
      if (this.residentPages > this.peakResidentPages) this.peakResidentPages = this.residentPages;
    }
    this.pages.set(pageIndex, page);
  }

  /** Forgets pages in [firstIndex, endIndex); the caller has already changed the VMAs. */
  drop(firstIndex: number, endIndex: number): void {
    this.forEachResident(firstIndex, endIndex, (index, page) => {
      if (page.hasCode) this.onCodeWrite(index);
      this.pages.delete(index);
      this.residentPages--;
    });
    this.flushTlb();
  }

  /** Moves resident pages by `delta` pages, for mremap; the destination range must be empty. */
  move(firstIndex: number, endIndex: number, delta: number): void {
    const moved: Array<[number, Page]> = [];
    this.forEachResident(firstIndex, endIndex, (index, page) => {
      if (page.hasCode) this.onCodeWrite(index);
      page.hasCode = false;
      moved.push([index + delta, page]);
      this.pages.delete(index);
    });
    for (const [index, page] of moved) this.pages.set(index, page);
    this.flushTlb();
  }

  /** Sets the protection of resident pages in [firstIndex, endIndex). */
  protect(firstIndex: number, endIndex: number, prot: number): void {
    this.forEachResident(firstIndex, endIndex, (_index, page) => {
      page.prot = prot;
    });
    this.flushTlb();
  }

  /** Installs copies of `from`'s resident pages in [firstIndex, endIndex) (fork): same bytes and protection, no decoded code. */
  copyPages(from: GuestMemory, firstIndex: number, endIndex: number): void {
    from.forEachResident(firstIndex, endIndex, (index, page) => this.install(index, new Page(page.prot, page.supervisor, page.bytes.slice())));
  }

  private forEachResident(firstIndex: number, endIndex: number, visit: (index: number, page: Page) => void): void {
    if (endIndex - firstIndex <= this.pages.size) {
      for (let index = firstIndex; index < endIndex; index++) {
        const page = this.pages.get(index);
        if (page !== undefined) visit(index, page);
      }
      return;
    }
    for (const [index, page] of [...this.pages]) if (index >= firstIndex && index < endIndex) visit(index, page);
  }

  setUserMode(user: boolean): void {
    if (user !== this.userMode) {
      this.userMode = user;
      this.flushTlb();
    }
  }

  flushTlb(): void {
    this.readBase.fill(Number.NaN);
    this.writeBase.fill(Number.NaN);
  }

  /** Marks a page as holding decoded code, so later writes to it are seen. */
  markCode(pageIndex: number): void {
    const page = this.pages.get(pageIndex);
    if (page !== undefined && !page.hasCode) {
      page.hasCode = true;
      const i = pageIndex & TLB_MASK;
      if (this.writeBase[i] === pageIndex * PAGE_SIZE) this.writeBase[i] = Number.NaN;
    }
  }

  /** Copies guest bytes into a new array, checking `access` permission on every page. */
  read(a: number, length: number, access: GuestAccess = 'read'): Uint8Array {
    const out = new Uint8Array(length);
    let done = 0;
    while (done < length) {
      const addr = a + done;
      const page = this.pageFor(addr, access);
      const off = addr & PAGE_MASK;
      const n = Math.min(length - done, PAGE_SIZE - off);
      out.set(page.bytes.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** Copies bytes into guest memory with the guest's write permission, as a syscall's copy_to_user. */
  write(a: number, data: Uint8Array): void {
    if (data.length === 0) return;
    this.checkWritable(a, data.length);
    this.copyIn(a, data, false);
  }

  /**
   * Writes bytes regardless of the page's protection, the way the kernel installs a breakpoint
   * (FOLL_FORCE): the guest's permissions do not change, decoded code on the page is invalidated.
   */
  poke(a: number, data: Uint8Array): void {
    this.copyIn(a, data, true);
  }

  private copyIn(a: number, data: Uint8Array, force: boolean): void {
    let done = 0;
    while (done < data.length) {
      const addr = a + done;
      const index = Math.floor(addr / PAGE_SIZE);
      const page = force ? this.lookup(index) : this.pageFor(addr, 'write');
      if (page === undefined) throw new GuestFault(addr, SegvCode.MapError, 'write');
      const off = addr & PAGE_MASK;
      const n = Math.min(data.length - done, PAGE_SIZE - off);
      if (page.hasCode) this.onCodeWrite(index);
      page.bytes.set(data.subarray(done, done + n), off);
      done += n;
    }
  }

  /** Reads bytes whatever the pages' protection (the kernel reading code it is about to patch); stops at a hole. */
  peek(a: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    for (let done = 0; done < length; ) {
      const addr = a + done;
      const page = this.lookup(Math.floor(addr / PAGE_SIZE));
      if (page === undefined) return out.subarray(0, done);
      const off = addr & PAGE_MASK;
      const n = Math.min(length - done, PAGE_SIZE - off);
      out.set(page.bytes.subarray(off, off + n), done);
      done += n;
    }
    return out;
  }

  /** Reads a NUL-terminated string of at most `max` bytes (without the NUL). */
  readCString(a: number, max: number): Uint8Array | undefined {
    const chunks: Uint8Array[] = [];
    let total = 0;
    let addr = a;
    while (total < max) {
      const page = this.pageFor(addr, 'read');
      const off = addr & PAGE_MASK;
      const end = Math.min(PAGE_SIZE, off + (max - total));
      const nul = page.bytes.subarray(off, end).indexOf(0);
      if (nul >= 0) {
        chunks.push(page.bytes.slice(off, off + nul));
        return concat(chunks, total + nul);
      }
      chunks.push(page.bytes.slice(off, end));
      total += end - off;
      addr += end - off;
    }
    return undefined;
  }

  get residentBytes(): number {
    return this.residentPages * PAGE_SIZE;
  }

  /**
   * A view of the guest bytes [a, a + length), which must lie in one page, for the CPU's bulk
   * reads (REP MOVS): faults like a read of `a`.
   */
  readSpan(a: number, length: number): Uint8Array {
    const off = a & PAGE_MASK;
    return this.pageFor(a, 'read').bytes.subarray(off, off + length);
  }

  /**
   * The same for the CPU's bulk writes (REP MOVS, REP STOS): faults like a write of `a`, and
   * invalidates decoded code on the page before the caller writes through the view.
   */
  writeSpan(a: number, length: number): Uint8Array {
    const page = this.pageFor(a, 'write');
    if (page.hasCode) this.onCodeWrite(Math.floor(a / PAGE_SIZE));
    const off = a & PAGE_MASK;
    return page.bytes.subarray(off, off + length);
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
