import { type Container } from 'inversify';
import { StrategyTokens } from '../di/coreTokens.js';
import { IsaTokens } from '../isa/isaTokens.js';
import { type StrategyName } from './StrategyName.js';
import { type XolStrategy } from './XolStrategy.js';

/** Thrown by a strategy's constructor when a property of the architecture rules it out. */
export class StrategyImpossible extends Error {}

export type StrategyResolution =
  | { readonly kind: 'resolved'; readonly strategy: XolStrategy }
  | { readonly kind: 'missing'; readonly facets: readonly string[] }
  | { readonly kind: 'impossible'; readonly reason: string };

const facetNames = new Map<string, string>(Object.entries(IsaTokens).map(([name, token]) => [String(token), name]));

/**
 * Resolves a strategy from a container holding an architecture's facets. When a facet it needs is
 * not bound, inversify refuses, and the refusal names the facet: that is the fact the porting
 * matrix reports.
 */
export function resolveStrategy(container: Container, name: StrategyName): StrategyResolution {
  try {
    return { kind: 'resolved', strategy: container.get(StrategyTokens[name]) };
  } catch (error) {
    if (error instanceof StrategyImpossible) return { kind: 'impossible', reason: error.message };
    const firstLine = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
    const missing = [...facetNames].filter(([token]) => firstLine.includes(token)).map(([, facet]) => facet);
    if (missing.length === 0) throw error;
    return { kind: 'missing', facets: missing };
  }
}
