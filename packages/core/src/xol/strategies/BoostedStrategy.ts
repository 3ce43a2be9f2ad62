import { type ArchDescriptor } from '../../isa/ArchDescriptor.js';
import { type CpuExit } from '../../isa/CpuExit.js';
import { type InstructionAnalysis } from '../../isa/InstructionAnalysis.js';
import { type Process } from '../../kernel/Process.js';
import { type Task } from '../../kernel/Task.js';
import { type SingleStepper } from '../../isa/SingleStepper.js';
import { type XolFixer } from '../../isa/XolFixer.js';
import { type ProbeCounters } from '../../probes/ProbeCounters.js';
import { type ProbeSite } from '../../probes/ProbeSite.js';
import { type AddressSpace } from '../../process/AddressSpace.js';
import { nearCode, vmaPlacement } from '../placements.js';
import { type StrategyVerdict } from '../StrategyVerdict.js';
import { XolArea } from '../XolArea.js';
import { type HitOutcome } from '../XolStrategy.js';
import { SlotStrategy } from './SlotStrategy.js';

/**
 * kprobes-style boosted probes in user space: each boostable site gets a permanent slot holding
 * the instruction followed by a jump back to the next one, so a hit takes one trap and no step.
 * The area sits just below the program's code so that re-encoded PC-relative operands still
 * reach their targets. What cannot be boosted falls back to an out-of-line single-step.
 * Permanent slots live in pages of their own, added as they fill (as the kprobes instruction
 * cache grows), so that they never take the slots the single-step fallbacks need.
 */
export class BoostedStrategy extends SlotStrategy {
  readonly name = 'boosted' as const;
  /** Boosted sites by probe address, and by slot address for faults inside a slot. */
  private readonly boosted = new Map<ProbeSite, number>();
  private readonly bySlot = new Map<number, ProbeSite>();
  private readonly boostPages = new WeakMap<AddressSpace, XolArea[]>();

  constructor(descriptor: ArchDescriptor, fixer: XolFixer, stepper: SingleStepper, counters: ProbeCounters) {
    super(descriptor, fixer, stepper, counters, vmaPlacement(nearCode));
  }

  override verdict(analysis: InstructionAnalysis): StrategyVerdict {
    const base = super.verdict(analysis);
    if (!base.accepted || base.action !== 'step') return base;
    if (analysis.boostRefusal !== undefined) return { ...base, note: `single-step fallback: ${analysis.boostRefusal}` };
    return { accepted: true, action: 'boost', fixups: base.fixups.filter((f) => f !== 'ip') };
  }

  private pagesOf(process: Process): XolArea[] {
    let pages = this.boostPages.get(process.space);
    if (pages === undefined) {
      pages = [];
      this.boostPages.set(process.space, pages);
    }
    return pages;
  }

  private newPage(process: Process): XolArea {
    const page = new XolArea(process.space, vmaPlacement(nearCode), this.descriptor.xolSlotBytes, this.descriptor.breakpoint, this.counters);
    this.pagesOf(process).push(page);
    return page;
  }

  /** `count` consecutive slots in a boost page with room, or in a new one. */
  private claimRun(process: Process, count: number): { area: XolArea; slot: number } | undefined {
    for (const area of this.pagesOf(process)) {
      const slot = area.claimRun(count);
      if (slot !== undefined) return { area, slot };
    }
    const area = this.newPage(process);
    const slot = area.claimRun(count);
    return slot === undefined ? undefined : { area, slot };
  }

  /**
   * Claims the site's permanent slot. A site that cannot have one (a copy longer than a page, or
   * a re-encoded operand out of reach from the slot) single-steps instead, counted as a fallback.
   */
  override prepare(site: ProbeSite): void {
    if (site.verdict.action !== 'boost') return;
    const process = site.process;
    const near = this.pagesOf(process).at(-1) ?? this.newPage(process);
    const boostTo = site.address + site.analysis.instruction.length;
    const sized = this.fixer.slotBytes(site.analysis, { slotAddress: near.slotAddress(1), boostTo, pcRelative: 're-encode' });
    if (sized === undefined) return;
    const count = near.slotsFor(sized.length);
    const claimed = this.claimRun(process, count);
    if (claimed === undefined) return;
    const { area, slot } = claimed;
    const slotAddress = area.slotAddress(slot);
    const bytes = this.fixer.slotBytes(site.analysis, { slotAddress, boostTo, pcRelative: 're-encode' });
    if (bytes === undefined || area.slotsFor(bytes.length) !== count) {
      area.release(slot, count);
      return;
    }
    area.write(slot, bytes);
    this.boosted.set(site, slotAddress);
    this.bySlot.set(slotAddress, site);
  }

  override execute(task: Task, site: ProbeSite): HitOutcome {
    const slot = this.boosted.get(site);
    if (slot === undefined) {
      const outcome = super.execute(task, site);
      if (outcome === 'pending') this.counters.stepFallbacks++;
      return outcome;
    }
    task.regs.pc = slot;
    this.counters.boostedHits++;
    return 'done';
  }

  /** A fault inside a boosted slot is reported at the probed instruction, which then restarts. */
  override abort(task: Task, exit: CpuExit): boolean {
    if (super.abort(task, exit)) return true;
    const site = this.bySlot.get(exit.pc);
    if (site === undefined) return false;
    task.regs.pc = site.address;
    return true;
  }
}
