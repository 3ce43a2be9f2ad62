import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type CpuExit } from '../../isa/CpuExit.js';
import { type Emulator } from '../../isa/Emulator.js';
import { type InstructionAnalysis } from '../../isa/InstructionAnalysis.js';
import { type Process } from '../../kernel/Process.js';
import { type Task } from '../../kernel/Task.js';
import { type ProbeCounters } from '../../probes/ProbeCounters.js';
import { type ProbeSite } from '../../probes/ProbeSite.js';
import { type VirtualClock } from '../../time/VirtualClock.js';
import { highestFree, vmaPlacement } from '../placements.js';
import { refuse, type StrategyVerdict } from '../StrategyVerdict.js';
import { XolAreas } from '../XolAreas.js';
import { type HitOutcome, type XolStrategy } from '../XolStrategy.js';

/**
 * The emulate facet executes the displaced instruction on the trapped task's registers and
 * memory: no copy, no slot, no step. Only a return probe's trampoline needs a page, which Linux
 * keeps in the same `[uprobes]` area.
 */
export class EmulateStrategy implements XolStrategy {
  readonly name = 'emulate' as const;
  private readonly trampolines: XolAreas;

  constructor(
    descriptor: ArchDescriptor,
    private readonly emulator: Emulator,
    private readonly counters: ProbeCounters,
    private readonly clock: VirtualClock,
  ) {
    this.trampolines = new XolAreas(vmaPlacement(highestFree), descriptor, counters);
  }

  verdict(analysis: InstructionAnalysis): StrategyVerdict {
    if (analysis.refusal !== undefined) return refuse(analysis.refusal);
    if (analysis.emulateRefusal !== undefined) return refuse(analysis.emulateRefusal);
    return { accepted: true, action: 'emulate', fixups: [] };
  }

  prepare(): void {}

  execute(task: Task, site: ProbeSite): HitOutcome {
    this.emulator.emulate(site.analysis, task.regs, task.process.memory, this.clock);
    this.counters.emulated++;
    return 'done';
  }

  complete(): boolean {
    return false;
  }

  watched(): boolean {
    return false;
  }

  pending(): boolean {
    return false;
  }

  abort(_task: Task, _exit: CpuExit): boolean {
    return false;
  }

  trampoline(process: Process): number {
    return this.trampolines.of(process.space).trampoline;
  }
}
