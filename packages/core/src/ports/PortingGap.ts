import { type FacetName } from '../isa/isaTokens.js';

/** Something an architecture port lacks, what it would take, and roughly how much. */
export interface PortingGap {
  /** The facet, or the descriptor's intermediate privilege level (the xol-kernel precondition). */
  readonly facet: FacetName | 'intermediatePrivilege';
  /** 'none': nothing is bound; 'partial': bound, but covering only what `missing` leaves out. */
  readonly provided: 'none' | 'partial';
  readonly missing: string;
  readonly whatItWouldTake: string;
  readonly estimate: string;
}
