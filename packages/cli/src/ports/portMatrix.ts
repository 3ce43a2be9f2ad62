import { type ArchitecturePort, type FacetName, involvedFacets, IsaTokens, type PortCell, portCell, type PortingGap, ProbeCounters, STRATEGY_NAMES, type StrategyName, strategyScope } from '@ubp/core';
import { type Container } from 'inversify';
import { architecturePorts, buildContainer } from '../buildContainer.js';
import { codeLinesOf, facetFiles } from './facetLines.js';
import { gatherEvidence } from './gatherEvidence.js';

export interface PortRow {
  readonly name: string;
  /** The programs whose instructions were judged, and how many instructions they have. */
  readonly programs: readonly string[];
  readonly instructions: number;
  /** Code lines of each facet the port binds; beside a CPU, what a facet adds to the CPU's own files. */
  readonly facetLines: Readonly<Partial<Record<FacetName, number>>>;
  /** Code lines of the facets each strategy involves, files shared between them counted once. */
  readonly strategyLines: Readonly<Record<StrategyName, number>>;
  /** What the port says it lacks, and what it would take. */
  readonly gaps: readonly PortingGap[];
  readonly cells: Readonly<Record<StrategyName, PortCell>>;
}

export interface PortMatrix {
  readonly strategies: readonly StrategyName[];
  readonly arches: readonly PortRow[];
}

/**
 * The architecture × strategy matrix, computed: each strategy resolved from each architecture's
 * container, judged on the instructions of `programs` (grouped by their ELF machine), with the
 * size of the facets it involves counted from the sources.
 */
export async function computePortMatrix(programs: readonly string[]): Promise<PortMatrix> {
  const evidence = await gatherEvidence(programs);
  const arches: PortRow[] = [];
  for (const port of architecturePorts) {
    const scope = strategyScope(await buildContainer(port.name), new ProbeCounters(), { nowNs: () => 0 });
    const sources = new FacetSources(port, scope);
    const facetLines = Object.fromEntries(sources.bound.map((facet) => [facet, sources.lines([facet])]));
    const strategyLines = Object.fromEntries(STRATEGY_NAMES.map((strategy) => [strategy, sources.lines(involvedFacets(strategy))])) as Record<StrategyName, number>;
    const seen = evidence.get(port.name);
    const cells = Object.fromEntries(STRATEGY_NAMES.map((strategy) => [strategy, portCell(port, scope, strategy, seen?.of(strategy), (f) => sources.lines([f]))])) as Record<StrategyName, PortCell>;
    arches.push({ name: port.name, programs: seen?.programs ?? [], instructions: seen?.instructions ?? 0, facetLines, strategyLines, gaps: port.gaps, cells });
  }
  return { strategies: STRATEGY_NAMES, arches };
}

/**
 * The source files of each bound facet. Where there is a CPU, the other facets build on it (the
 * x86 emulator runs the instruction through it, the analyzer asks it what it implements), so a
 * facet is charged only for the files the CPU does not already need: what a porter adds once
 * the CPU exists.
 */
class FacetSources {
  readonly bound: FacetName[];
  private readonly files = new Map<FacetName, Set<string>>();
  private readonly machine: Set<string>;

  constructor(port: ArchitecturePort, scope: Container) {
    this.bound = (Object.keys(IsaTokens) as FacetName[]).filter((facet) => scope.isBound(IsaTokens[facet]));
    for (const facet of this.bound) {
      const entry = port.facetSources[facet];
      if (entry === undefined) throw new Error(`${port.name} binds ${facet} but its port does not say where the source is`);
      this.files.set(facet, facetFiles(port.sourceRoot, entry));
    }
    this.machine = this.files.get('Cpu') ?? new Set();
  }

  /** The code lines of the union of `facets`' files (0 for a facet not bound). */
  lines(facets: readonly FacetName[]): number {
    const union = new Set(facets.flatMap((facet) => [...(this.files.get(facet) ?? [])]));
    return codeLinesOf(union, facets.includes('Cpu') ? new Set() : this.machine);
  }
}
