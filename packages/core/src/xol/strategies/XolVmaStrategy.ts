import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type SingleStepper } from '../../isa/SingleStepper.js';
import { type XolFixer } from '../../isa/XolFixer.js';
import { type ProbeCounters } from '../../probes/ProbeCounters.js';
import { highestFree, vmaPlacement } from '../placements.js';
import { SlotStrategy } from './SlotStrategy.js';

/** What Linux shipped: slots in a per-process `[uprobes]` VMA, visible in /proc/self/maps. */
export class XolVmaStrategy extends SlotStrategy {
  readonly name = 'xol-vma' as const;

  constructor(descriptor: ArchDescriptor, fixer: XolFixer, stepper: SingleStepper, counters: ProbeCounters) {
    super(descriptor, fixer, stepper, counters, vmaPlacement(highestFree));
  }
}
