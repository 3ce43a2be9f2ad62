import { type Process } from '../kernel/Process.js';
import { type ProbeCounters } from '../probes/ProbeCounters.js';
import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { XolArea } from './XolArea.js';
import { type XolPlacement } from './XolPlacement.js';

/** A strategy's XOL area in each process, created when the process first needs one. */
export class XolAreas {
  private readonly areas = new Map<Process, XolArea>();

  constructor(
    private readonly placement: XolPlacement,
    private readonly descriptor: ArchDescriptor,
    private readonly counters: ProbeCounters,
  ) {}

  of(process: Process): XolArea {
    let area = this.areas.get(process);
    if (area === undefined) {
      area = new XolArea(process, this.placement, this.descriptor.xolSlotBytes, this.descriptor.breakpoint, this.counters);
      this.areas.set(process, area);
    }
    return area;
  }
}
