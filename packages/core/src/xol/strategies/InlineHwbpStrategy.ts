import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type CpuExit, CpuExitKind } from '../../isa/CpuExit.js';
import { type HardwareBreakpoints } from '../../isa/HardwareBreakpoints.js';
import { type InstructionAnalysis } from '../../isa/InstructionAnalysis.js';
import { type SingleStepper } from '../../isa/SingleStepper.js';
import { type Process } from '../../kernel/Process.js';
import { type Task } from '../../kernel/Task.js';
import { type ProbeCounters } from '../../probes/ProbeCounters.js';
import { type ProbeSite } from '../../probes/ProbeSite.js';
import { highestFree, vmaPlacement } from '../placements.js';
import { refuse, type StrategyVerdict } from '../StrategyVerdict.js';
import { XolAreas } from '../XolAreas.js';
import { type XolStrategy } from '../XolStrategy.js';

/** The debug register each task uses for re-arming (one per task, as the thread proposed). */
const REARM_SLOT = 0;

/** A task's inline run: reused from hit to hit; `site` is set while the original bytes are back. */
interface PendingInline {
  site: ProbeSite | undefined;
  /** 'debug': a hardware breakpoint on the next instruction; 'step': the next address is unknown (a branch). */
  via: 'debug' | 'step';
  guestWasStepping: boolean;
}

/**
 * The original instruction is put back in place and run inline; a hardware breakpoint on the
 * next instruction (or a single-step where the next address is unknown) traps so the breakpoint
 * can be written again. While the original bytes are back, any other task passing the address
 * runs the instruction without a hit: the race the thread worried about.
 */
export class InlineHwbpStrategy implements XolStrategy {
  readonly name = 'inline-hwbp' as const;
  private readonly trampolines: XolAreas;
  private readonly inline = new WeakMap<Task, PendingInline>();

  constructor(
    private readonly descriptor: ArchDescriptor,
    private readonly breakpoints: HardwareBreakpoints,
    private readonly stepper: SingleStepper,
    private readonly counters: ProbeCounters,
  ) {
    this.trampolines = new XolAreas(vmaPlacement(highestFree), descriptor, counters);
  }

  verdict(analysis: InstructionAnalysis): StrategyVerdict {
    if (analysis.refusal !== undefined) return refuse(analysis.refusal);
    if (analysis.instruction.flow !== 'next') return { accepted: true, action: 'inline', fixups: [], note: 'next address unknown: single-step to re-arm' };
    return { accepted: true, action: 'inline', fixups: [] };
  }

  prepare(): void {}

  private inlineOf(task: Task): PendingInline {
    let pending = this.inline.get(task);
    if (pending === undefined) {
      pending = { site: undefined, via: 'debug', guestWasStepping: false };
      this.inline.set(task, pending);
    }
    return pending;
  }

  pending(task: Task): boolean {
    return this.inline.get(task)?.site !== undefined;
  }

  execute(task: Task, site: ProbeSite): boolean {
    this.restore(site, site.original);
    const pending = this.inlineOf(task);
    pending.site = site;
    if (site.analysis.instruction.flow === 'next') {
      this.breakpoints.arm(task.regs, REARM_SLOT, site.address + site.analysis.instruction.length);
      pending.via = 'debug';
      pending.guestWasStepping = false;
    } else {
      pending.via = 'step';
      pending.guestWasStepping = this.stepper.enable(task.regs);
      this.counters.singleSteps++;
    }
    return true;
  }

  complete(task: Task, exit: CpuExit): boolean {
    const pending = this.inline.get(task);
    if (pending?.site === undefined) return false;
    if (pending.via === 'debug' ? exit.kind !== CpuExitKind.HardwareBreakpoint : exit.kind !== CpuExitKind.Step) return false;
    if (pending.via === 'debug') this.counters.debugTraps++;
    else this.counters.stepTraps++;
    this.finish(task, pending);
    return true;
  }

  abort(task: Task): boolean {
    const pending = this.inline.get(task);
    if (pending?.site === undefined) return false;
    this.finish(task, pending);
    return true;
  }

  /** Writes the breakpoint back (unless a handler unregistered the probe meanwhile) and disarms whatever re-arming mechanism was used. */
  private finish(task: Task, pending: PendingInline): void {
    if (pending.site!.installed) this.restore(pending.site!, this.descriptor.breakpoint);
    pending.site = undefined;
    if (pending.via === 'debug') this.breakpoints.disarm(task.regs, REARM_SLOT);
    else this.stepper.disable(task.regs, pending.guestWasStepping);
  }

  private restore(site: ProbeSite, bytes: Uint8Array): void {
    site.process.memory.poke(site.address, bytes);
    this.counters.textWrites++;
  }

  trampoline(process: Process): number {
    return this.trampolines.of(process).trampoline;
  }
}
