import { Container } from 'inversify';
import { type ProbeCounters } from '../probes/ProbeCounters.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { CoreTokens } from './coreTokens.js';
import { strategyModule } from './strategyModule.js';

/**
 * A child of an architecture's container in which the strategies resolve, counting into
 * `counters` and reading `clock`. Strategies keep per-process state, so each run gets its own.
 */
export function strategyScope(architecture: Container, counters: ProbeCounters, clock: VirtualClock): Container {
  const scope = new Container({ parent: architecture, defaultScope: 'Singleton' });
  scope.bind(CoreTokens.Counters).toConstantValue(counters);
  scope.bind(CoreTokens.Clock).toConstantValue(clock);
  scope.load(strategyModule);
  return scope;
}
