import { type ProbeCounters } from '../probes/ProbeCounters.js';

/**
 * Nanoseconds charged per event, so that counted events become a modelled cost per hit. The
 * defaults come from the published uprobes figures (Intel, the nop5 series' "after" column, and
 * the kprobes documentation's ratios); `docs/strategies.md` derives each one. A JSON file with
 * any subset of these keys overrides them.
 */
export interface CostModel {
  /** #BP entry and exit, lookup and return (uprobe-nop 312 ns, minus the consumer and the emulation). */
  readonly breakpointTrap: number;
  /** Return to the slot, #DB, fixups, slot allocation (uprobe-ret 911 ns minus uprobe-nop 312 ns). */
  readonly singleStep: number;
  /** A debug-register trap: assumed to cost what a breakpoint trap does. */
  readonly debugTrap: number;
  /** The kernel's own simulation of a NOP, branch or push (uprobe-push minus uprobe-nop: 17 ns). */
  readonly simulated: number;
  /** A full emulation of the displaced instruction: assumed twice a simulation. */
  readonly emulated: number;
  /** One consumer call (a trivial BPF program): an assumption, not a published figure. */
  readonly consumerCall: number;
  /**
   * A transition to or from the intermediate privilege level (entering a CPL2 slot, trapping out
   * of it), on top of the user-kernel transitions a trap already pays: a trivial syscall's round
   * trip (60 ns), for the segment and stack loads a CPL2 return adds. An assumption.
   */
  readonly intermediateSwitch: number;
  /** A check of one memory operand against the user address space: an assumption. */
  readonly operandCheck: number;
  /** A write to code with its TLB flush (half the 4 µs per-probe attach cost). */
  readonly textWrite: number;
  /** A boosted slot's jump back: a user-space jump, about a bare call's cost. */
  readonly boostedJump: number;
}

export const DEFAULT_COSTS: CostModel = {
  breakpointTrap: 275,
  singleStep: 599,
  debugTrap: 275,
  simulated: 17,
  emulated: 34,
  consumerCall: 20,
  intermediateSwitch: 60,
  operandCheck: 5,
  textWrite: 2000,
  boostedJump: 7,
};

export function costModelFrom(overrides: Readonly<Record<string, unknown>>): CostModel {
  const model: Record<string, number> = { ...DEFAULT_COSTS };
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in DEFAULT_COSTS)) throw new Error(`unknown cost '${key}' (known: ${Object.keys(DEFAULT_COSTS).join(', ')})`);
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw new Error(`cost '${key}' must be a non-negative number`);
    model[key] = value;
  }
  return model as unknown as CostModel;
}

/**
 * The modelled cost of one probe hit: every counted event times its cost, spread over the hits.
 * User-kernel switches are part of the trap costs; switches to and from an intermediate level
 * are charged on their own.
 */
export function modelledNsPerHit(counters: ProbeCounters, costs: CostModel = DEFAULT_COSTS): number {
  const hits = counters.hits + counters.returnHits;
  if (hits === 0) return 0;
  const total =
    counters.breakpointTraps * costs.breakpointTrap +
    counters.stepTraps * costs.singleStep +
    counters.debugTraps * costs.debugTrap +
    counters.simulated * costs.simulated +
    counters.emulated * costs.emulated +
    counters.consumerCalls * costs.consumerCall +
    (counters.kernelToIntermediate + counters.intermediateToKernel) * costs.intermediateSwitch +
    counters.operandChecks * costs.operandCheck +
    counters.textWrites * costs.textWrite +
    counters.boostedHits * costs.boostedJump;
  return total / hits;
}
