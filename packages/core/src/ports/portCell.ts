import { type Container } from 'inversify';
import { strategyFacets } from '../di/strategyModule.js';
import { type FacetName, IsaTokens } from '../isa/isaTokens.js';
import { resolveStrategy } from '../xol/resolveStrategy.js';
import { type StrategyName } from '../xol/StrategyName.js';
import { type ArchitecturePort } from './ArchitecturePort.js';

/**
 * complete: the strategy resolves and takes every instruction the analysis admits;
 * partial: it resolves, but there is no machine to run it, a facet it is built from is bound
 * only in part, or it refuses instructions the analysis admits;
 * not-ported: a facet it is built from is not bound; impossible: the architecture rules it out.
 */
export type PortStatus = 'complete' | 'partial' | 'not-ported' | 'impossible';

/** What runs a program at all: without them a strategy's hooks have nothing to run on. */
export const MACHINE_FACETS: readonly FacetName[] = ['Cpu', 'SyscallAbi'];
/** What every probe needs before any strategy sees it. */
export const PROBE_FACETS: readonly FacetName[] = ['Decoder', 'Analyzer'];

/** How a strategy judged the instructions of real programs of the architecture. */
export interface StrategyEvidence {
  readonly instructions: number;
  readonly accepted: number;
  /** Instructions the analysis facet admits but the strategy refuses, by reason. */
  readonly refusedAdmitted: ReadonlyMap<string, number>;
}

export interface PortCell {
  readonly status: PortStatus;
  /** Facets not bound, or bound only in part. */
  readonly missing: readonly string[];
  /** Why the cell is not complete: the port's gaps for the missing facets, then `refusals`. */
  readonly reason: string | null;
  /** The instructions the analysis admits but a resolved strategy refuses, summarised by reason; null when none or no evidence. */
  readonly refusals: string | null;
  /** Share of the evidence programs' instructions the strategy accepts; null without evidence. */
  readonly acceptedShare: number | null;
  /** The facets involved and their size in code lines (0 when not bound). */
  readonly facetLines: Readonly<Record<string, number>>;
}

/** The facets a strategy involves on any architecture: probe facets first, then its own. */
export function involvedFacets(strategy: StrategyName): FacetName[] {
  return [...new Set([...PROBE_FACETS, ...strategyFacets(strategy)])];
}

const TOP_REFUSALS = 3;

function refusalSummary(evidence: StrategyEvidence): string | undefined {
  const refused = [...evidence.refusedAdmitted.values()].reduce((a, b) => a + b, 0);
  if (refused === 0) return undefined;
  const top = [...evidence.refusedAdmitted].sort((a, b) => b[1] - a[1]).slice(0, TOP_REFUSALS);
  const more = evidence.refusedAdmitted.size - top.length;
  return `refuses ${refused} instructions the analysis admits (of ${evidence.instructions}): ${top.map(([reason, n]) => `${reason} (${n})`).join('; ')}${more > 0 ? `; ${more} more reasons` : ''}`;
}

/**
 * One cell of the porting matrix, computed: `scope` holds the architecture's facets and the
 * strategy bindings (strategyScope); the status follows from what resolves and what is bound,
 * the port's recorded gaps explain it, and `evidence` shows what the strategy accepts.
 */
export function portCell(
  port: ArchitecturePort,
  scope: Container,
  strategy: StrategyName,
  evidence: StrategyEvidence | undefined,
  lines: (facet: FacetName) => number,
): PortCell {
  const involved = involvedFacets(strategy);
  const bound = (facet: FacetName) => scope.isBound(IsaTokens[facet]);
  const facetLines = Object.fromEntries(involved.map((facet) => [facet, bound(facet) ? lines(facet) : 0]));
  const acceptedShare = evidence === undefined || evidence.instructions === 0 ? null : evidence.accepted / evidence.instructions;
  const gapsOf = (facets: readonly string[]) => port.gaps.filter((gap) => facets.includes(gap.facet)).map((gap) => `${gap.facet}: ${gap.missing}`);
  const resolution = resolveStrategy(scope, strategy);
  const refusals = evidence === undefined || resolution.kind !== 'resolved' ? null : (refusalSummary(evidence) ?? null);
  const cell = (status: PortStatus, missing: readonly string[], reasons: readonly string[]): PortCell => ({
    status,
    missing,
    reason: reasons.length === 0 ? null : reasons.join('; '),
    refusals,
    acceptedShare,
    facetLines,
  });
  if (resolution.kind === 'impossible') return cell('impossible', [], [resolution.reason]);
  const unbound = [...involved, ...MACHINE_FACETS].filter((facet) => !bound(facet));
  if (resolution.kind === 'missing') return cell('not-ported', unbound, gapsOf(unbound));
  const partial = port.gaps.filter((gap) => gap.provided === 'partial' && (involved as string[]).includes(gap.facet)).map((gap) => gap.facet);
  const missing = [...unbound, ...partial];
  const reasons = [...gapsOf(missing), ...(refusals === null ? [] : [refusals])];
  return cell(reasons.length === 0 && missing.length === 0 ? 'complete' : 'partial', missing, reasons);
}
