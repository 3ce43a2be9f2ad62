/** The six ways of running the instruction a breakpoint displaced, as the 2010 thread listed them. */
export const STRATEGY_NAMES = ['xol-vma', 'xol-page', 'emulate', 'xol-kernel', 'boosted', 'inline-hwbp'] as const;

export type StrategyName = (typeof STRATEGY_NAMES)[number];

export function isStrategyName(name: string): name is StrategyName {
  return (STRATEGY_NAMES as readonly string[]).includes(name);
}
