import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type CpuExit, CpuExitKind } from '../../isa/CpuExit.js';
import { type InstructionAnalysis } from '../../isa/InstructionAnalysis.js';
import { type SingleStepper } from '../../isa/SingleStepper.js';
import { type XolContext, type XolFixer } from '../../isa/XolFixer.js';
import { type Process } from '../../kernel/Process.js';
import { type Task } from '../../kernel/Task.js';
import { SiCode, Signal } from '../../signals/Signal.js';
import { type ProbeCounters } from '../../probes/ProbeCounters.js';
import { type ProbeSite } from '../../probes/ProbeSite.js';
import { type StrategyName } from '../StrategyName.js';
import { refuse, type StrategyVerdict } from '../StrategyVerdict.js';
import { type XolArea } from '../XolArea.js';
import { XolAreas } from '../XolAreas.js';
import { type XolPlacement } from '../XolPlacement.js';
import { type HitOutcome, type XolStrategy } from '../XolStrategy.js';

/** A task's out-of-line step state (≈ utask): reused from hit to hit; `site` is set while a step is pending. */
interface PendingStep {
  site: ProbeSite | undefined;
  readonly context: XolContext;
  slot: number;
  guestWasStepping: boolean;
}

/**
 * The out-of-line strategies: the displaced instruction is simulated when the architecture
 * says so (Linux's branch/push ops), otherwise copied into a slot of an XOL area, single-stepped
 * there, and fixed up. Subclasses choose where the area lives and what else a hit needs.
 */
export abstract class SlotStrategy implements XolStrategy {
  abstract readonly name: StrategyName;
  private readonly areas: XolAreas;
  private readonly steps = new WeakMap<Task, PendingStep>();

  private stepOf(task: Task): PendingStep {
    let step = this.steps.get(task);
    if (step === undefined) {
      step = { site: undefined, context: { analysis: undefined as never, slotAddress: 0, saved: [0, 0] }, slot: 0, guestWasStepping: false };
      this.steps.set(task, step);
    }
    return step;
  }

  constructor(
    protected readonly descriptor: ArchDescriptor,
    protected readonly fixer: XolFixer,
    protected readonly stepper: SingleStepper,
    protected readonly counters: ProbeCounters,
    placement: XolPlacement,
  ) {
    this.areas = new XolAreas(placement, descriptor, counters);
  }

  protected area(process: Process): XolArea {
    return this.areas.of(process.space);
  }

  verdict(analysis: InstructionAnalysis): StrategyVerdict {
    if (analysis.refusal !== undefined) return refuse(analysis.refusal);
    if (analysis.mode === 'simulate') return { accepted: true, action: 'simulate', fixups: [] };
    return { accepted: true, action: 'step', fixups: analysis.fixups };
  }

  prepare(_site: ProbeSite): void {}

  trampoline(process: Process): number {
    return this.area(process).trampoline;
  }

  pending(task: Task): boolean {
    return this.steps.get(task)?.site !== undefined;
  }

  execute(task: Task, site: ProbeSite): HitOutcome {
    if (site.analysis.mode === 'simulate') {
      this.fixer.simulate(site.analysis, task.regs, task.process.memory);
      this.counters.simulated++;
      return 'done';
    }
    return this.step(task, site);
  }

  watched(): boolean {
    return false;
  }

  /**
   * pre_ssout: take a slot, copy the fixed-up instruction, point the task at it and arm a step.
   * The scratch-register rewrite does not depend on the slot's address, so the bytes are made
   * once; a free slot that already holds them is preferred, so a hot probe keeps its slot code.
   */
  protected step(task: Task, site: ProbeSite): HitOutcome {
    const area = this.area(task.process);
    const bytes = this.fixer.slotBytes(site.analysis, { slotAddress: area.slotAddress(1), pcRelative: 'scratch-register' });
    if (bytes === undefined) throw new Error(`no slot form for ${site.label}`);
    // Every slot is held by a task that was switched out between its hit and its step trap.
    const slot = area.claim(bytes);
    if (slot === undefined) return 'no-slot';
    area.write(slot, bytes);
    const step = this.stepOf(task);
    step.site = site;
    step.slot = slot;
    step.context.analysis = site.analysis;
    step.context.slotAddress = area.slotAddress(slot);
    this.fixer.preXol(task.regs, step.context);
    this.enterSlot(task, site);
    step.guestWasStepping = this.stepper.enable(task.regs);
    this.counters.singleSteps++;
    return 'pending';
  }

  /** What happens as the task leaves the kernel for the slot (privilege bookkeeping). */
  protected enterSlot(_task: Task, _site: ProbeSite): void {}

  /** What happens as the step trap brings the task back (privilege bookkeeping). */
  protected leaveSlot(_task: Task): void {}

  complete(task: Task, exit: CpuExit): boolean {
    const step = this.steps.get(task);
    const site = step?.site;
    if (step === undefined || site === undefined || exit.kind !== CpuExitKind.Step) return false;
    step.site = undefined;
    this.counters.stepTraps++;
    this.leaveSlot(task);
    this.fixer.postXol(task.regs, task.process.memory, step.context);
    this.stepper.disable(task.regs, step.guestWasStepping || site.analysis.fixups.includes('trap-flag'));
    this.area(task.process).release(step.slot);
    // A debugger stepping the task sees one step over the probed instruction (arch_uprobe_post_xol).
    if (step.guestWasStepping) task.pending.push({ signo: Signal.SIGTRAP, code: SiCode.TRAP_TRACE, address: site.address });
    return true;
  }

  abort(task: Task, _exit: CpuExit): boolean {
    const step = this.steps.get(task);
    if (step?.site === undefined) return false;
    step.site = undefined;
    this.leaveSlot(task);
    this.stepper.disable(task.regs, step.guestWasStepping);
    this.fixer.abortXol(task.regs, step.context);
    this.area(task.process).release(step.slot);
    return true;
  }
}
