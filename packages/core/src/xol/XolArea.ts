import { PAGE_SIZE } from '../memory/layout.js';
import { sameBytes } from '../memory/sameBytes.js';
import { type ProbeCounters } from '../probes/ProbeCounters.js';
import { type AddressSpace } from '../process/AddressSpace.js';
import { type XolPlacement } from './XolPlacement.js';

/**
 * One page of out-of-line slots in one address space (≈ struct xol_area, per mm): slot 0 holds the return
 * trampoline (a breakpoint), the others are handed out per hit and freed after the step. A slot
 * is only rewritten when its content changes, so a hot probe keeps its translated slot code.
 */
export class XolArea {
  private address: number | undefined;
  private readonly busy: boolean[];
  private readonly contents: Array<Uint8Array | undefined>;
  /** When each slot was last written (a counter), to reuse the least recently written. */
  private readonly writtenAt: number[];
  private writes = 0;
  readonly slots: number;

  constructor(
    private readonly space: AddressSpace,
    private readonly placement: XolPlacement,
    private readonly slotBytes: number,
    private readonly breakpoint: Uint8Array,
    private readonly counters: ProbeCounters,
  ) {
    this.slots = PAGE_SIZE / slotBytes;
    this.busy = new Array<boolean>(this.slots).fill(false);
    this.contents = new Array<Uint8Array | undefined>(this.slots);
    this.writtenAt = new Array<number>(this.slots).fill(0);
  }

  /** The area's base address, creating the page on first use (get_xol_area). */
  get base(): number {
    if (this.address === undefined) {
      this.address = this.placement.create(this.space);
      this.counters.xolBytes += PAGE_SIZE;
      if (this.placement.visible) this.counters.visibleMappings++;
      this.busy[0] = true;
      this.write(0, this.breakpoint);
    }
    return this.address;
  }

  get created(): boolean {
    return this.address !== undefined;
  }

  get privileged(): boolean {
    return this.placement.privileged;
  }

  /** Where a return probe's trampoline is (slot 0). */
  get trampoline(): number {
    return this.base;
  }

  slotAddress(slot: number): number {
    return this.base + slot * this.slotBytes;
  }

  contains(address: number): boolean {
    return this.address !== undefined && address >= this.address && address < this.address + PAGE_SIZE;
  }

  /**
   * Claims a free slot: one that already holds `prefer` if any (its translated code is still
   * good), else an unused one, else the one written longest ago. Undefined when all are busy.
   */
  claim(prefer?: Uint8Array): number | undefined {
    let best: number | undefined;
    for (let slot = 1; slot < this.slots; slot++) {
      if (this.busy[slot]) continue;
      if (prefer !== undefined && sameBytes(this.contents[slot], prefer)) {
        best = slot;
        break;
      }
      if (best === undefined || this.writtenAt[slot]! < this.writtenAt[best]!) best = slot;
    }
    if (best !== undefined) this.take(best, 1);
    return best;
  }

  /** Claims `count` consecutive slots for code longer than one slot (an arm64 copy and its branch back). */
  claimRun(count: number): number | undefined {
    for (let first = 1; first + count <= this.slots; first++) {
      if (this.busy.slice(first, first + count).every((b) => !b)) {
        this.take(first, count);
        return first;
      }
    }
    return undefined;
  }

  private take(first: number, count: number): void {
    for (let slot = first; slot < first + count; slot++) this.busy[slot] = true;
    this.counters.slotsInUse += count;
    if (this.counters.slotsInUse > this.counters.peakSlotsInUse) this.counters.peakSlotsInUse = this.counters.slotsInUse;
  }

  release(slot: number, count = 1): void {
    for (let s = slot; s < slot + count; s++) this.busy[s] = false;
    this.counters.slotsInUse -= count;
  }

  /** How many slots `bytes` of code occupy. */
  slotsFor(bytes: number): number {
    return Math.ceil(bytes / this.slotBytes);
  }

  /** Writes a slot the way the kernel does (a privileged write), only when its content changes. */
  write(slot: number, bytes: Uint8Array): void {
    if (sameBytes(this.contents[slot], bytes)) return;
    this.space.memory.poke(this.slotAddress(slot), bytes);
    this.contents[slot] = bytes;
    this.writtenAt[slot] = ++this.writes;
    this.counters.textWrites++;
  }
}
