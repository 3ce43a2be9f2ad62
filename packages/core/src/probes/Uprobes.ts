import { type CpuExit, CpuExitKind } from '../isa/CpuExit.js';
import { InstructionFault } from '../isa/InstructionFault.js';
import { type Kernel, type TrapHandler } from '../kernel/Kernel.js';
import { type TaskWait } from '../kernel/TaskWait.js';
import { KEEP_REGISTERS } from '../syscalls/SyscallContext.js';
import { type Executable } from '../kernel/Executable.js';
import { type Process, type ProcessImage } from '../kernel/Process.js';
import { type Task } from '../kernel/Task.js';
import { GuestFault } from '../memory/GuestFault.js';
import { sameBytes } from '../memory/sameBytes.js';
import { type AddressSpace } from '../process/AddressSpace.js';
import { SiCode, Signal } from '../signals/Signal.js';
import { type ProbeFacets } from '../xol/ProbeFacets.js';
import { type HitOutcome, type XolStrategy } from '../xol/XolStrategy.js';
import { type ProbeConsumer, type ReturnHit } from './ProbeConsumer.js';
import { type ProbeCounters } from './ProbeCounters.js';
import { ProbeError, ProbeRefused } from './ProbeError.js';
import { InstructionStarts } from './InstructionStarts.js';
import { type ProbeSite } from './ProbeSite.js';
import { validateProbeAddress } from './validateProbeAddress.js';

/** Linux stops hijacking returns this deep (MAX_URETPROBE_DEPTH). */
const MAX_RETURN_DEPTH = 64;

/** A hijacked return (≈ struct return_instance). */
interface ReturnInstance {
  readonly site: ProbeSite;
  /** The stack pointer at the function's entry: frames below it are gone once it returns. */
  readonly stack: number;
  readonly originalReturn: number;
}

/**
 * The uprobes layer of one kernel: registers probes and installs their breakpoints, and claims
 * the traps they cause: runs the consumers, hands the displaced instruction to the strategy,
 * hijacks and restores returns. Everything it does on a hit is counted.
 */
export class Uprobes implements TrapHandler {
  /** Sites by address, per address space: processes sharing memory (CLONE_VM) share its breakpoints. */
  private readonly sites = new WeakMap<AddressSpace, Map<number, ProbeSite>>();
  private readonly returns = new WeakMap<Task, ReturnInstance[]>();
  private readonly trampolines = new WeakMap<AddressSpace, number>();
  /** The one hit record handlers see, reused so that a hit allocates nothing. */
  private readonly hit: ReturnHit;
  private readonly starts: InstructionStarts;

  constructor(
    private readonly kernel: Kernel,
    private readonly facets: ProbeFacets,
    readonly strategy: XolStrategy,
    readonly counters: ProbeCounters,
  ) {
    kernel.trapHandlers.push(this);
    this.starts = new InstructionStarts(facets.decoder, facets.descriptor.maxInstructionBytes);
    this.hit = { address: 0, pid: 0, tid: 0, regs: undefined as never, memory: undefined as never, functionAddress: 0, returnAddress: 0 };
  }

  /**
   * Adds a consumer at `address` of `process`, installing the breakpoint on the first one.
   * Throws ProbeError when the address or the instruction cannot take a probe under this strategy.
   */
  register(process: Process, address: number, label: string, consumer: ProbeConsumer): ProbeSite {
    const sites = this.sitesIn(process.space);
    const existing = sites.get(address);
    if (existing !== undefined) {
      this.addConsumer(existing, consumer);
      return existing;
    }
    const analysis = validateProbeAddress(process, this.facets, this.starts, address, label, (at, length) => this.originalCode(process, at, length));
    const verdict = this.strategy.verdict(analysis);
    if (!verdict.accepted) {
      this.counters.rejectedProbes++;
      throw new ProbeRefused(`${this.strategy.name} refuses a probe at ${label}: ${verdict.reason}`);
    }
    const breakpoint = this.facets.descriptor.breakpoint;
    const site: ProbeSite = {
      process,
      address,
      label,
      analysis,
      verdict,
      original: process.memory.peek(address, breakpoint.length),
      consumers: [],
      wantsReturn: false,
      installed: true,
      prepared: true,
    };
    this.addConsumer(site, consumer);
    this.strategy.prepare(site);
    process.memory.poke(address, breakpoint);
    this.counters.breakpointInstalls++;
    sites.set(address, site);
    return site;
  }

  private sitesIn(space: AddressSpace): Map<number, ProbeSite> {
    let sites = this.sites.get(space);
    if (sites === undefined) {
      sites = new Map();
      this.sites.set(space, sites);
    }
    return sites;
  }

  private addConsumer(site: ProbeSite, consumer: ProbeConsumer): void {
    if (consumer.returnHandler !== undefined) {
      const symbol = site.process.symbols?.symbolAt(site.address - site.process.loadBias);
      if (symbol === undefined || symbol.value + site.process.loadBias !== site.address) {
        throw new ProbeError(`a return probe must be on a function's first instruction, and ${site.label} is not`);
      }
      site.wantsReturn = true;
    }
    site.consumers.push(consumer);
  }

  /** Removes a consumer; the last one takes the breakpoint out and restores the original bytes. */
  unregister(site: ProbeSite, consumer: ProbeConsumer): void {
    const index = site.consumers.indexOf(consumer);
    if (index >= 0) site.consumers.splice(index, 1);
    site.wantsReturn = site.consumers.some((c) => c.returnHandler !== undefined);
    if (site.consumers.length > 0) return;
    site.installed = false;
    site.process.memory.poke(site.address, site.original);
    this.counters.textWrites++;
    this.sites.get(site.process.space)?.delete(site.address);
  }

  handle(task: Task, exit: CpuExit): boolean {
    if (exit.kind === CpuExitKind.Breakpoint) return this.breakpoint(task, exit.pc);
    // The emulator's instrument, not a trap: nothing to count.
    if (exit.kind === CpuExitKind.Watch) return this.strategy.watched(task, exit);
    const from = task.intermediate;
    if (!this.strategy.complete(task, exit)) return false;
    this.countReturnFromTrap(from, task);
    return true;
  }

  /** handle_swbp: the breakpoint at `address` trapped. */
  private breakpoint(task: Task, address: number): boolean {
    if (this.trampolines.get(task.process.space) === address) return this.returned(task);
    const site = this.sites.get(task.process.space)?.get(address);
    if (site === undefined) return false;
    if (!site.prepared) {
      this.strategy.prepare(site);
      site.prepared = true;
    }
    const counters = this.counters;
    counters.breakpointTraps++;
    counters.hits++;
    const regs = task.regs;
    regs.pc = address;
    this.runConsumers(task, site);
    if (regs.pc === address) {
      if (site.wantsReturn) this.hijackReturn(task, site);
      if (this.execute(task, site) === 'no-slot') {
        counters.slotWaits++;
        this.kernel.block(task, this.slotWait(task, site));
      }
    }
    this.countReturnFromTrap(false, task);
    return true;
  }

  /** Hands the displaced instruction to the strategy; a fault while the kernel runs it goes to the task at the probed address. */
  private execute(task: Task, site: ProbeSite): HitOutcome {
    const counters = this.counters;
    const inKernel = counters.simulated + counters.emulated;
    let outcome: HitOutcome = 'done';
    try {
      outcome = this.strategy.execute(task, site);
    } catch (error) {
      this.deliverFault(task, site, error);
    }
    // An instruction the kernel executed for the task still retires, so virtual time stays the same.
    if (counters.simulated + counters.emulated !== inKernel) this.kernel.retired++;
    return outcome;
  }

  /**
   * Every XOL slot is held by a task switched out between its hit and its step: this one sleeps
   * until a slot is free, without being interruptible (xol_take_insn_slot's wait_event), and then
   * goes on with the hit its consumers already saw.
   */
  private slotWait(task: Task, site: ProbeSite): TaskWait {
    return {
      reason: `a free XOL slot for ${site.label}`,
      deadlineNs: undefined,
      restartable: false,
      interruptible: false,
      poll: () => (this.execute(task, site) === 'no-slot' ? undefined : KEEP_REGISTERS),
      cancel: () => {},
    };
  }

  private runConsumers(task: Task, site: ProbeSite): void {
    const hit = this.hit;
    hit.address = site.address;
    hit.pid = task.process.pid;
    hit.tid = task.tid;
    hit.regs = task.regs;
    hit.memory = task.process.memory;
    for (const consumer of site.consumers) {
      if (consumer.handler === undefined) continue;
      if (consumer.filter !== undefined && !consumer.filter(hit.pid, hit.tid)) continue;
      this.counters.consumerCalls++;
      consumer.handler(hit);
    }
  }

  /** One trap is one entry into the kernel and one return, to user mode or to an intermediate level. */
  private countReturnFromTrap(fromIntermediate: boolean, task: Task): void {
    const counters = this.counters;
    if (fromIntermediate) counters.intermediateToKernel++;
    else counters.userToKernel++;
    if (task.intermediate) counters.kernelToIntermediate++;
    else counters.kernelToUser++;
  }

  /** The displaced instruction faulted while the kernel ran it: the task gets the signal at the probed address. */
  private deliverFault(task: Task, site: ProbeSite, error: unknown): void {
    task.regs.pc = site.address;
    if (error instanceof GuestFault) {
      this.kernel.signals.force(task, { signo: Signal.SIGSEGV, code: error.code, address: error.address }, error.describe(), site.address);
    } else if (error instanceof InstructionFault) {
      this.kernel.signals.force(task, { signo: error.signal, code: error.code, address: error.address }, error.detail, site.address);
    } else {
      throw error;
    }
  }

  fault(task: Task, exit: CpuExit): boolean {
    if (this.trampolines.get(task.process.space) === exit.pc && exit.signal === Signal.SIGSEGV) {
      // A trampoline in kernel space: returning to it faults, and that fault is the return.
      return this.returned(task);
    }
    if (this.strategy.abort(task, exit)) exit.pc = task.regs.pc;
    return false;
  }

  defersSignals(task: Task): boolean {
    return this.strategy.pending(task);
  }

  /** prepare_uretprobe: point the return address at the trampoline and remember the real one. */
  private hijackReturn(task: Task, site: ProbeSite): void {
    const fixer = this.facets.fixer;
    if (fixer === undefined) throw new ProbeError('return probes need the XOL fixup facet to hijack return addresses');
    let stack = this.returns.get(task);
    if (stack === undefined) {
      stack = [];
      this.returns.set(task, stack);
    }
    const sp = task.regs.sp;
    // Frames at or below this one were abandoned (longjmp): their returns will never come.
    while (stack.length > 0 && stack[stack.length - 1]!.stack <= sp) stack.pop();
    if (stack.length >= MAX_RETURN_DEPTH) return;
    const trampoline = this.trampolineOf(task.process);
    let original = fixer.hijackReturnAddress(task.regs, task.process.memory, trampoline);
    // A tail call reuses the caller's return slot, which already holds the trampoline.
    if (original === trampoline) original = stack[stack.length - 1]?.originalReturn ?? original;
    stack.push({ site, stack: sp, originalReturn: original });
  }

  private trampolineOf(process: Process): number {
    let address = this.trampolines.get(process.space);
    if (address === undefined) {
      address = this.strategy.trampoline(process);
      this.trampolines.set(process.space, address);
    }
    return address;
  }

  /** uprobe_handle_trampoline: a hijacked function returned. */
  private returned(task: Task): boolean {
    const counters = this.counters;
    counters.breakpointTraps++;
    counters.returnHits++;
    const stack = this.returns.get(task) ?? [];
    const popped = this.facets.descriptor.returnAddressStackBytes;
    const sp = task.regs.sp;
    while (stack.length > 0 && stack[stack.length - 1]!.stack + popped < sp) stack.pop();
    const top = stack[stack.length - 1];
    if (top === undefined) {
      this.kernel.signals.force(task, { signo: Signal.SIGILL, code: SiCode.ILL_ILLOPN, address: task.regs.pc }, 'return to the uretprobe trampoline with no pending return', task.regs.pc);
      return true;
    }
    const hit = this.hit;
    hit.pid = task.process.pid;
    hit.tid = task.tid;
    hit.regs = task.regs;
    hit.memory = task.process.memory;
    hit.returnAddress = top.originalReturn;
    task.regs.pc = top.originalReturn;
    // Instances of one frame (tail calls) all return here, innermost first.
    while (stack.length > 0 && stack[stack.length - 1]!.stack === top.stack) {
      const instance = stack.pop()!;
      hit.address = instance.site.address;
      hit.functionAddress = instance.site.address;
      for (const consumer of instance.site.consumers) {
        if (consumer.returnHandler === undefined) continue;
        if (consumer.filter !== undefined && !consumer.filter(hit.pid, hit.tid)) continue;
        counters.consumerCalls++;
        consumer.returnHandler(hit);
      }
    }
    this.countReturnFromTrap(false, task);
    return true;
  }

  /**
   * fork, and clone without CLONE_THREAD. A child with memory of its own got the parent's
   * breakpoints with the copy: each probe that applies to it (a consumer without a filter, or one
   * whose filter accepts the child: Linux's filter_chain, per mm) becomes a site of the child with
   * the same consumers, prepared at its first hit, so that the child has no XOL area until it
   * needs one; the other breakpoints are taken out of the child's copy. The forking task's
   * hijacked returns get their real addresses back in the child's copy of its stack: the child
   * returns normally and its returns are not reported (Linux duplicates the pending returns and
   * the XOL area into the child instead). A child that shares the parent's memory shares its
   * sites; after vfork it runs on the parent's stack, so it takes the pending returns along, as
   * Linux's dup_utask does.
   */
  forked(parent: Task, child: Process): void {
    const from = parent.process;
    if (child.space === from.space) {
      const pending = this.returns.get(parent);
      if (pending !== undefined && child.vforkParent === parent) this.returns.set(child.mainTask, [...pending]);
      return;
    }
    for (const site of this.sites.get(from.space)?.values() ?? []) {
      if (this.appliesTo(site, child)) {
        this.carry(site, child);
      } else {
        child.memory.poke(site.address, site.original);
        this.counters.textWrites++;
      }
    }
    this.restoreReturns(parent, child);
  }

  /**
   * execve: the old image's breakpoints went with it. Uprobes are per file: when the new image is
   * the same file (the same inode), which the loader places where it was, every site of the old
   * image that applies to the process is installed in the new one with the same consumers;
   * another file keeps none. The pending returns are dropped: their frames are gone.
   */
  execed(process: Process, previous: { readonly image: ProcessImage; readonly executable: Executable }): void {
    this.returns.delete(process.mainTask);
    if (process.executable.inode !== previous.executable.inode) return;
    for (const site of this.sites.get(previous.image.space)?.values() ?? []) if (this.appliesTo(site, process)) this.carry(site, process);
  }

  /** Whether a consumer of `site` wants hits in `process`. */
  private appliesTo(site: ProbeSite, process: Process): boolean {
    return site.consumers.some((c) => c.filter === undefined || c.filter(process.pid, process.mainTask.tid));
  }

  /** Makes `site` a site of `process` too, at the same address, with its breakpoint in the process's memory. */
  private carry(site: ProbeSite, process: Process): void {
    const breakpoint = this.facets.descriptor.breakpoint;
    // An exec'd image has none yet; a fork's copy lacks it while another thread has the original back (inline-hwbp).
    if (!sameBytes(process.memory.peek(site.address, breakpoint.length), breakpoint)) {
      process.memory.poke(site.address, breakpoint);
      this.counters.breakpointInstalls++;
    }
    this.sitesIn(process.space).set(site.address, { ...site, process, consumers: [...site.consumers], installed: true, prepared: false });
  }

  /** Where a hijacked return of the forking task left the trampoline in the child's stack, the real return address goes back. */
  private restoreReturns(parent: Task, child: Process): void {
    const pending = this.returns.get(parent) ?? [];
    const trampoline = this.trampolines.get(parent.process.space);
    if (pending.length === 0 || trampoline === undefined) return;
    if (this.facets.descriptor.returnAddressStackBytes !== 8) {
      throw new ProbeError(`${this.facets.descriptor.name} does not keep return addresses in 8-byte stack slots: a forked child's hijacked returns cannot be restored`);
    }
    for (const instance of pending) {
      const slot = child.memory.peek(instance.stack, 8);
      if (slot.length !== 8 || new DataView(slot.buffer).getBigUint64(0, true) !== BigInt.asUintN(64, BigInt(trampoline))) continue;
      const real = new Uint8Array(8);
      new DataView(real.buffer).setBigUint64(0, BigInt(instance.originalReturn), true);
      child.memory.poke(instance.stack, real);
    }
  }

  /** Code bytes with every installed breakpoint replaced by the bytes it covers. */
  originalCode(process: Process, address: number, length: number): Uint8Array {
    const bytes = process.memory.peek(address, length);
    const sites = this.sites.get(process.space);
    if (sites === undefined) return bytes;
    const span = this.facets.descriptor.breakpoint.length;
    for (let start = address - span + 1; start < address + length; start++) {
      const site = sites.get(start);
      if (site === undefined) continue;
      for (let i = 0; i < span; i++) {
        const at = start + i - address;
        if (at >= 0 && at < bytes.length) bytes[at] = site.original[i]!;
      }
    }
    return bytes;
  }

  /** The probe sites of a process, for reports. */
  sitesOf(process: Process): readonly ProbeSite[] {
    return [...(this.sites.get(process.space)?.values() ?? [])];
  }
}

