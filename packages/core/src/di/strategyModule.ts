import { ContainerModule, type ServiceIdentifier } from 'inversify';
import { IsaTokens, type FacetName } from '../isa/isaTokens.js';
import { type ProbeCounters } from '../probes/ProbeCounters.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { STRATEGY_NAMES, type StrategyName } from '../xol/StrategyName.js';
import { BoostedStrategy } from '../xol/strategies/BoostedStrategy.js';
import { EmulateStrategy } from '../xol/strategies/EmulateStrategy.js';
import { InlineHwbpStrategy } from '../xol/strategies/InlineHwbpStrategy.js';
import { XolKernelStrategy } from '../xol/strategies/XolKernelStrategy.js';
import { XolPageStrategy } from '../xol/strategies/XolPageStrategy.js';
import { XolVmaStrategy } from '../xol/strategies/XolVmaStrategy.js';
import { type XolStrategy } from '../xol/XolStrategy.js';
import { CoreTokens, StrategyTokens } from './coreTokens.js';

type FacetOf<F extends FacetName> = (typeof IsaTokens)[F] extends ServiceIdentifier<infer T> ? T : never;
type Facets<L extends readonly FacetName[]> = { readonly [F in L[number]]: FacetOf<F> };

interface StrategyRecipe<L extends readonly FacetName[]> {
  /** The facets the strategy is built from: resolving it fails exactly when one of them is not bound. */
  readonly facets: L;
  build(facets: Facets<L>, counters: ProbeCounters, clock: VirtualClock): XolStrategy;
}

const recipe = <const L extends readonly FacetName[]>(r: StrategyRecipe<L>): StrategyRecipe<L> => r;
const SLOT_FACETS = ['Descriptor', 'XolFixer', 'SingleStepper'] as const;

const recipes = {
  'xol-vma': recipe({ facets: SLOT_FACETS, build: (f, c) => new XolVmaStrategy(f.Descriptor, f.XolFixer, f.SingleStepper, c) }),
  'xol-page': recipe({ facets: SLOT_FACETS, build: (f, c) => new XolPageStrategy(f.Descriptor, f.XolFixer, f.SingleStepper, c) }),
  'xol-kernel': recipe({ facets: SLOT_FACETS, build: (f, c) => new XolKernelStrategy(f.Descriptor, f.XolFixer, f.SingleStepper, c) }),
  boosted: recipe({ facets: SLOT_FACETS, build: (f, c) => new BoostedStrategy(f.Descriptor, f.XolFixer, f.SingleStepper, c) }),
  emulate: recipe({ facets: ['Descriptor', 'Emulator'], build: (f, c, clock) => new EmulateStrategy(f.Descriptor, f.Emulator, c, clock) }),
  'inline-hwbp': recipe({
    facets: ['Descriptor', 'HardwareBreakpoints', 'SingleStepper'],
    build: (f, c) => new InlineHwbpStrategy(f.Descriptor, f.HardwareBreakpoints, f.SingleStepper, c),
  }),
} satisfies Record<StrategyName, StrategyRecipe<readonly FacetName[]>>;

/** The facets a strategy is built from, as the porting matrix reads them. */
export function strategyFacets(name: StrategyName): readonly FacetName[] {
  return recipes[name].facets;
}

/**
 * The six strategies, each bound with exactly the facets it depends on: an architecture that
 * lacks one of them cannot resolve the strategy, and that failure is what the porting matrix
 * reports. Bound per session, because strategies keep per-process state and count into the
 * session's counters.
 */
export const strategyModule = new ContainerModule(({ bind }) => {
  for (const name of STRATEGY_NAMES) {
    const { facets, build } = recipes[name] as StrategyRecipe<readonly FacetName[]>;
    bind(StrategyTokens[name]).toResolvedValue(
      (counters: ProbeCounters, clock: VirtualClock, ...bound: unknown[]) =>
        build(Object.fromEntries(facets.map((facet, i) => [facet, bound[i]])) as Facets<readonly FacetName[]>, counters, clock),
      [CoreTokens.Counters, CoreTokens.Clock, ...facets.map((facet) => IsaTokens[facet])],
    );
  }
});
