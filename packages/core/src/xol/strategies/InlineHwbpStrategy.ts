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
import { type HitOutcome, type XolStrategy } from '../XolStrategy.js';

/** A task's inline run: reused from hit to hit; `site` is set while the original bytes are back. */
interface PendingInline {
  site: ProbeSite | undefined;
  /** The debug register on the next instruction, or -1 when a single-step re-arms (a branch, or no register free). */
  slot: number;
  guestWasStepping: boolean;
}

/**
 * The original instruction is put back in place and run inline; a hardware breakpoint on the
 * next instruction (or a single-step where the next address is unknown or no debug register is
 * free) traps so the breakpoint can be written again. While the original bytes are back ("the
 * window"), any other task passing the address runs the instruction without a hit: the race the
 * thread worried about. The emulator watches the address while the window is open, so that
 * every hit lost that way is counted, and lets the task through unchanged.
 */
export class InlineHwbpStrategy implements XolStrategy {
  readonly name = 'inline-hwbp' as const;
  private readonly trampolines: XolAreas;
  private readonly inline = new WeakMap<Task, PendingInline>();
  /** Open windows: the task that put the original bytes back, by site. */
  private readonly windows = new Map<ProbeSite, Task>();

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
      pending = { site: undefined, slot: -1, guestWasStepping: false };
      this.inline.set(task, pending);
    }
    return pending;
  }

  pending(task: Task): boolean {
    return this.inline.get(task)?.site !== undefined;
  }

  /** A debug register the task is not using, or -1 when all are taken (by the guest's own debugging). */
  private freeRegister(task: Task): number {
    for (let slot = 0; slot < this.breakpoints.count; slot++) if (!this.breakpoints.armed(task.regs, slot)) return slot;
    return -1;
  }

  execute(task: Task, site: ProbeSite): HitOutcome {
    this.restore(site, site.original);
    this.windows.set(site, task);
    task.process.engine.watches.add(site.address);
    const pending = this.inlineOf(task);
    pending.site = site;
    pending.slot = site.analysis.instruction.flow === 'next' ? this.freeRegister(task) : -1;
    if (pending.slot >= 0) {
      this.breakpoints.arm(task.regs, pending.slot, site.address + site.analysis.instruction.length);
      pending.guestWasStepping = false;
    } else {
      if (site.analysis.instruction.flow === 'next') this.counters.debugRegisterFallbacks++;
      pending.guestWasStepping = this.stepper.enable(task.regs);
      this.counters.singleSteps++;
    }
    return 'pending';
  }

  complete(task: Task, exit: CpuExit): boolean {
    const pending = this.inline.get(task);
    if (pending?.site === undefined) return false;
    if (pending.slot >= 0 ? exit.kind !== CpuExitKind.HardwareBreakpoint || exit.slot !== pending.slot : exit.kind !== CpuExitKind.Step) return false;
    if (pending.slot >= 0) this.counters.debugTraps++;
    else this.counters.stepTraps++;
    this.finish(task, pending);
    return true;
  }

  /** A task reached an open window's address: the owner runs its own instruction; anyone else misses the hit. */
  watched(task: Task, exit: CpuExit): boolean {
    for (const [site, owner] of this.windows) {
      if (site.address !== exit.pc || site.process.space !== task.process.space) continue;
      if (owner !== task) this.counters.missedHits++;
      this.breakpoints.resume(task.regs);
      return true;
    }
    return false;
  }

  abort(task: Task): boolean {
    const pending = this.inline.get(task);
    if (pending?.site === undefined) return false;
    this.finish(task, pending);
    return true;
  }

  /** Closes the window: the breakpoint goes back (unless a handler unregistered the probe meanwhile) and the re-arming mechanism is disarmed. */
  private finish(task: Task, pending: PendingInline): void {
    const site = pending.site!;
    if (site.installed) this.restore(site, this.descriptor.breakpoint);
    this.windows.delete(site);
    task.process.engine.watches.delete(site.address);
    pending.site = undefined;
    if (pending.slot >= 0) this.breakpoints.disarm(task.regs, pending.slot);
    else this.stepper.disable(task.regs, pending.guestWasStepping);
  }

  private restore(site: ProbeSite, bytes: Uint8Array): void {
    site.process.memory.poke(site.address, bytes);
    this.counters.textWrites++;
  }

  trampoline(process: Process): number {
    return this.trampolines.of(process.space).trampoline;
  }
}
