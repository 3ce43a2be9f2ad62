import { type ContainerModule } from 'inversify';
import { type FacetName } from '../isa/isaTokens.js';
import { type PortingGap } from './PortingGap.js';

/**
 * An architecture as the tools see it: its container module, the ELF machine it runs, what the
 * port lacks, and where each facet's implementation starts (so its size can be counted).
 */
export interface ArchitecturePort {
  readonly name: string;
  /** ELF e_machine. */
  readonly machine: number;
  /** The facets; may load a decoder asynchronously, and rejects with a one-line reason if it cannot. */
  load(): ContainerModule | Promise<ContainerModule>;
  readonly gaps: readonly PortingGap[];
  /** The package's TypeScript sources. */
  readonly sourceRoot: URL;
  /** For each facet bound, the file under `sourceRoot` that defines the bound implementation. */
  readonly facetSources: Partial<Readonly<Record<FacetName, string>>>;
}
