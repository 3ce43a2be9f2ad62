import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type InstructionAnalysis } from '../../isa/InstructionAnalysis.js';
import { type SingleStepper } from '../../isa/SingleStepper.js';
import { type XolFixer } from '../../isa/XolFixer.js';
import { type Task } from '../../kernel/Task.js';
import { GuestFault, SegvCode } from '../../memory/GuestFault.js';
import { type ProbeCounters } from '../../probes/ProbeCounters.js';
import { type ProbeSite } from '../../probes/ProbeSite.js';
import { kernelPagePlacement } from '../placements.js';
import { StrategyImpossible } from '../resolveStrategy.js';
import { refuse, type StrategyVerdict } from '../StrategyVerdict.js';
import { type HitOutcome } from '../XolStrategy.js';
import { SlotStrategy } from './SlotStrategy.js';

/**
 * Slots in a kernel-space page, run at the architecture's intermediate privilege level (x86
 * CPL2). Code at that level can reach kernel memory, so every memory operand is checked against
 * the user address space before the step, as the thread proposed; each hit pays the extra
 * privilege switches into and out of the slot.
 */
export class XolKernelStrategy extends SlotStrategy {
  readonly name = 'xol-kernel' as const;

  constructor(descriptor: ArchDescriptor, fixer: XolFixer, stepper: SingleStepper, counters: ProbeCounters) {
    super(descriptor, fixer, stepper, counters, kernelPagePlacement());
    if (descriptor.intermediatePrivilege === undefined) throw new StrategyImpossible(`${descriptor.name} has no privilege level between user and kernel to run the slot at`);
  }

  override verdict(analysis: InstructionAnalysis): StrategyVerdict {
    const base = super.verdict(analysis);
    if (!base.accepted || base.action !== 'step') return base;
    if (analysis.privilegedStepRefusal !== undefined) return refuse(analysis.privilegedStepRefusal);
    const level = this.descriptor.intermediatePrivilege!;
    return { ...base, note: `runs at ${level.name}; memory operands checked before each step` };
  }

  /** The checked range must lie in the user half; otherwise the access faults as it would in user mode. */
  protected override step(task: Task, site: ProbeSite): HitOutcome {
    const accesses = this.fixer.memoryAccesses(site.analysis, task.regs);
    if (accesses === undefined) throw new Error(`memory operands of ${site.label} cannot be computed`);
    const limit = task.process.space.layout.taskSize;
    for (const access of accesses) {
      this.counters.operandChecks++;
      if (access.address < 0 || access.address + access.length > limit) {
        const bad = access.address < 0 || access.address >= limit ? access.address : limit;
        throw new GuestFault(bad, SegvCode.MapError, access.write ? 'write' : 'read');
      }
    }
    return super.step(task, site);
  }

  protected override enterSlot(task: Task): void {
    task.intermediate = true;
    this.fixer.setIntermediatePrivilege(task.regs, true);
  }

  protected override leaveSlot(task: Task): void {
    task.intermediate = false;
    this.fixer.setIntermediatePrivilege(task.regs, false);
  }
}
