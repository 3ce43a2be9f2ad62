import { type Process } from '../kernel/Process.js';

/** Where an XOL area's page lives and what the guest can see of it. */
export interface XolPlacement {
  /** Creates the page in the process and returns its address. */
  create(process: Process): number;
  /** Whether the guest sees the area as a mapping in /proc/self/maps. */
  readonly visible: boolean;
  /** The privilege level code in the area runs at, when it is not user mode. */
  readonly privileged: boolean;
}
