import { type ServiceIdentifier } from 'inversify';
import { type ProbeCounters } from '../probes/ProbeCounters.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { STRATEGY_NAMES, type StrategyName } from '../xol/StrategyName.js';
import { type XolStrategy } from '../xol/XolStrategy.js';

/** Services the core binds per session, beside an architecture's facets. */
export const CoreTokens = {
  Counters: Symbol.for('@ubp/core/ProbeCounters') as ServiceIdentifier<ProbeCounters>,
  Clock: Symbol.for('@ubp/core/Clock') as ServiceIdentifier<VirtualClock>,
} as const;

/** One service identifier per strategy: resolving it fails exactly when a facet it needs is not bound. */
export const StrategyTokens = Object.fromEntries(
  STRATEGY_NAMES.map((name) => [name, Symbol.for(`@ubp/core/strategy/${name}`) as ServiceIdentifier<XolStrategy>]),
) as Readonly<Record<StrategyName, ServiceIdentifier<XolStrategy>>>;
