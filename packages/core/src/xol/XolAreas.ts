import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { type ProbeCounters } from '../probes/ProbeCounters.js';
import { type AddressSpace } from '../process/AddressSpace.js';
import { XolArea } from './XolArea.js';
import { type XolPlacement } from './XolPlacement.js';

/**
 * A strategy's XOL area in each address space (Linux keeps it in the mm), created when it is
 * first needed: processes that share memory share it, a forked child or an exec'd image starts
 * without one.
 */
export class XolAreas {
  private readonly areas = new WeakMap<AddressSpace, XolArea>();

  constructor(
    private readonly placement: XolPlacement,
    private readonly descriptor: ArchDescriptor,
    private readonly counters: ProbeCounters,
  ) {}

  of(space: AddressSpace): XolArea {
    let area = this.areas.get(space);
    if (area === undefined) {
      area = new XolArea(space, this.placement, this.descriptor.xolSlotBytes, this.descriptor.breakpoint, this.counters);
      this.areas.set(space, area);
    }
    return area;
  }
}
