import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type SingleStepper } from '../../isa/SingleStepper.js';
import { type XolFixer } from '../../isa/XolFixer.js';
import { type ProbeCounters } from '../../probes/ProbeCounters.js';
import { mmapTop, reservedPagePlacement } from '../placements.js';
import { SlotStrategy } from './SlotStrategy.js';

/**
 * Slots in one reserved page at a fixed user address (the top of the mmap area) that is not a
 * VMA: hidden from /proc/self/maps, but the address range is taken and MAP_FIXED over it fails.
 */
export class XolPageStrategy extends SlotStrategy {
  readonly name = 'xol-page' as const;

  constructor(descriptor: ArchDescriptor, fixer: XolFixer, stepper: SingleStepper, counters: ProbeCounters) {
    super(descriptor, fixer, stepper, counters, reservedPagePlacement(mmapTop));
  }
}
