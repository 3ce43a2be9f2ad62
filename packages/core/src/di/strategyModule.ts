import { ContainerModule } from 'inversify';
import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { type Emulator } from '../isa/Emulator.js';
import { type HardwareBreakpoints } from '../isa/HardwareBreakpoints.js';
import { IsaTokens } from '../isa/isaTokens.js';
import { type SingleStepper } from '../isa/SingleStepper.js';
import { type XolFixer } from '../isa/XolFixer.js';
import { type ProbeCounters } from '../probes/ProbeCounters.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { BoostedStrategy } from '../xol/strategies/BoostedStrategy.js';
import { EmulateStrategy } from '../xol/strategies/EmulateStrategy.js';
import { InlineHwbpStrategy } from '../xol/strategies/InlineHwbpStrategy.js';
import { XolKernelStrategy } from '../xol/strategies/XolKernelStrategy.js';
import { XolPageStrategy } from '../xol/strategies/XolPageStrategy.js';
import { XolVmaStrategy } from '../xol/strategies/XolVmaStrategy.js';
import { CoreTokens, StrategyTokens } from './coreTokens.js';

const SLOT_FACETS = [IsaTokens.Descriptor, IsaTokens.XolFixer, IsaTokens.SingleStepper, CoreTokens.Counters] as const;
type SlotFactory = (descriptor: ArchDescriptor, fixer: XolFixer, stepper: SingleStepper, counters: ProbeCounters) => unknown;

/**
 * The six strategies, each bound with exactly the facets it depends on: an architecture that
 * lacks one of them cannot resolve the strategy, and that failure is what the porting matrix
 * reports. Bound per session, because strategies keep per-process state and count into the
 * session's counters.
 */
export const strategyModule = new ContainerModule(({ bind }) => {
  const slot = (factory: SlotFactory) => factory as (...args: unknown[]) => never;
  bind(StrategyTokens['xol-vma']).toResolvedValue(slot((d, f, s, c) => new XolVmaStrategy(d, f, s, c)), [...SLOT_FACETS]);
  bind(StrategyTokens['xol-page']).toResolvedValue(slot((d, f, s, c) => new XolPageStrategy(d, f, s, c)), [...SLOT_FACETS]);
  bind(StrategyTokens['xol-kernel']).toResolvedValue(slot((d, f, s, c) => new XolKernelStrategy(d, f, s, c)), [...SLOT_FACETS]);
  bind(StrategyTokens.boosted).toResolvedValue(slot((d, f, s, c) => new BoostedStrategy(d, f, s, c)), [...SLOT_FACETS]);
  bind(StrategyTokens.emulate).toResolvedValue(
    (d: ArchDescriptor, e: Emulator, c: ProbeCounters, clock: VirtualClock) => new EmulateStrategy(d, e, c, clock),
    [IsaTokens.Descriptor, IsaTokens.Emulator, CoreTokens.Counters, CoreTokens.Clock],
  );
  bind(StrategyTokens['inline-hwbp']).toResolvedValue(
    (d: ArchDescriptor, b: HardwareBreakpoints, s: SingleStepper, c: ProbeCounters) => new InlineHwbpStrategy(d, b, s, c),
    [IsaTokens.Descriptor, IsaTokens.HardwareBreakpoints, IsaTokens.SingleStepper, CoreTokens.Counters],
  );
});
