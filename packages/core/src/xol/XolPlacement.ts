import { type AddressSpace } from '../process/AddressSpace.js';

/** Where an XOL area's page lives and what the guest can see of it. */
export interface XolPlacement {
  /** Creates the page in an address space and returns its address. */
  create(space: AddressSpace): number;
  /** Whether the guest sees the area as a mapping in /proc/self/maps. */
  readonly visible: boolean;
  /** The privilege level code in the area runs at, when it is not user mode. */
  readonly privileged: boolean;
}
