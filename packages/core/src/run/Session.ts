import { type Container, type ServiceIdentifier } from 'inversify';
import { strategyScope } from '../di/strategyScope.js';
import { IsaTokens } from '../isa/isaTokens.js';
import { type Executable } from '../kernel/Executable.js';
import { Kernel } from '../kernel/Kernel.js';
import { type KernelConfig } from '../kernel/KernelConfig.js';
import { type Process } from '../kernel/Process.js';
import { eventConsumer } from '../probes/events/eventConsumer.js';
import { parseUprobeEvent } from '../probes/events/parseUprobeEvent.js';
import { type ProbeConsumer } from '../probes/ProbeConsumer.js';
import { ProbeCounters } from '../probes/ProbeCounters.js';
import { ProbeError, ProbeRefused } from '../probes/ProbeError.js';
import { type ProbeSite } from '../probes/ProbeSite.js';
import { labelOf, resolveProbeSpec } from '../probes/resolveProbeSpec.js';
import { Uprobes } from '../probes/Uprobes.js';
import { linuxSyscalls } from '../syscalls/syscallTable.js';
import { type ProbeFacets } from '../xol/ProbeFacets.js';
import { resolveStrategy } from '../xol/resolveStrategy.js';
import { type StrategyName } from '../xol/StrategyName.js';
import { resolveRunFacets } from './resolveRunFacets.js';
import { type RunResult } from './RunResult.js';

/**
 * One program run inside one emulated kernel, with probes placed by one strategy: build it from
 * an architecture's container, start the executable, add probes, run it to the end, and read
 * what it did.
 */
export class Session {
  readonly kernel: Kernel;
  readonly process: Process;
  readonly counters = new ProbeCounters();
  private readonly scope: Container;
  private uprobesLayer: Uprobes | undefined;

  constructor(
    container: Container,
    executable: Executable,
    config: KernelConfig,
    readonly strategyName: StrategyName = 'xol-vma',
  ) {
    this.kernel = new Kernel(resolveRunFacets(container), config, linuxSyscalls);
    this.process = this.kernel.spawn(executable);
    this.scope = strategyScope(container, this.counters, this.kernel);
  }

  /** The uprobes layer, created with the strategy on the first probe (an unprobed run has none). */
  get uprobes(): Uprobes {
    if (this.uprobesLayer === undefined) {
      const resolution = resolveStrategy(this.scope, this.strategyName);
      const arch = this.kernel.facets.descriptor.name;
      if (resolution.kind === 'missing') throw new ProbeError(`the ${this.strategyName} strategy is not ported to ${arch}: no ${resolution.facets.join(', ')} facet`);
      if (resolution.kind === 'impossible') throw new ProbeError(`the ${this.strategyName} strategy is impossible on ${arch}: ${resolution.reason}`);
      this.uprobesLayer = new Uprobes(this.kernel, this.probeFacets(), resolution.strategy, this.counters);
    }
    return this.uprobesLayer;
  }

  private probeFacets(): ProbeFacets {
    const scope = this.scope;
    const optional = <T>(token: ServiceIdentifier<T>): T | undefined => (scope.isBound(token) ? scope.get(token) : undefined);
    if (!scope.isBound(IsaTokens.Decoder) || !scope.isBound(IsaTokens.Analyzer)) throw new ProbeError('probes need the decode and analysis facets');
    return {
      descriptor: scope.get(IsaTokens.Descriptor),
      decoder: scope.get(IsaTokens.Decoder),
      analyzer: scope.get(IsaTokens.Analyzer),
      fixer: optional(IsaTokens.XolFixer),
      stepper: optional(IsaTokens.SingleStepper),
      emulator: optional(IsaTokens.Emulator),
      breakpoints: optional(IsaTokens.HardwareBreakpoints),
    };
  }

  /** A probe at SYMBOL, SYMBOL+OFFSET or 0xADDRESS. */
  probe(spec: string, consumer: ProbeConsumer = {}): ProbeSite {
    const { address, label } = resolveProbeSpec(this.process, spec);
    return this.uprobes.register(this.process, address, label, consumer);
  }

  /**
   * A probe on every instruction of a function. Instructions the strategy refuses are skipped
   * and passed to `refused` when it is given; without it the first refusal throws.
   */
  probeAll(symbolName: string, consumer: ProbeConsumer = {}, refused?: (error: ProbeRefused) => void): ProbeSite[] {
    const symbol = this.process.symbols?.byName(symbolName);
    if (symbol === undefined) throw new ProbeError(`unknown symbol '${symbolName}'`);
    if (symbol.size === 0) throw new ProbeError(`${symbolName} has no size in the symbol table, so its instructions cannot be listed`);
    const { decoder, descriptor } = this.probeFacets();
    const start = symbol.value + this.process.loadBias;
    const sites: ProbeSite[] = [];
    for (let at = start; at < start + symbol.size; ) {
      const insn = decoder.decode(this.uprobes.originalCode(this.process, at, descriptor.maxInstructionBytes), at);
      if (insn === undefined) throw new ProbeError(`cannot decode ${labelOf(this.process, at)}`);
      try {
        sites.push(this.uprobes.register(this.process, at, labelOf(this.process, at), consumer));
      } catch (error) {
        if (!(error instanceof ProbeRefused) || refused === undefined) throw error;
        refused(error);
      }
      at += insn.length;
    }
    return sites;
  }

  /** A probe defined in the kernel's uprobe_events syntax; each hit writes one trace line. */
  event(definition: string, write: (line: string) => void): ProbeSite {
    const event = parseUprobeEvent(definition);
    const name = this.process.exePath.split('/').pop();
    if (event.path.split('/').pop() !== name) throw new ProbeError(`uprobe event path ${event.path} is not the program (${this.process.exePath})`);
    const fileAddress = (offset: number): number => {
      const segment = this.process.elf?.loadSegments.find((s) => offset >= s.offset && offset < s.offset + s.filesz);
      if (segment === undefined) throw new ProbeError(`file offset 0x${offset.toString(16)} of ${event.path} is not in a loaded segment`);
      return segment.vaddr + (offset - segment.offset) + this.process.loadBias;
    };
    const location = event.location;
    const spec = location.kind === 'offset' ? `0x${fileAddress(location.offset).toString(16)}` : location.offset === 0 ? location.symbol : `${location.symbol}+${location.offset}`;
    const { address, label } = resolveProbeSpec(this.process, spec);
    const processOf = (pid: number): Process => {
      const process = this.kernel.processes.get(pid);
      if (process === undefined) throw new Error(`internal: a probe hit in pid ${pid}, which is not a process`);
      return process;
    };
    const consumer = eventConsumer(event, processOf, this.kernel.facets.descriptor, this.kernel, fileAddress, write);
    return this.uprobes.register(this.process, address, label, consumer);
  }

  run(): RunResult {
    const started = performance.now();
    const termination = this.kernel.run(this.process);
    return {
      termination,
      guestInstructions: this.kernel.retired,
      wallMs: performance.now() - started,
      syscalls: Object.fromEntries([...this.kernel.syscallCounts].sort(([a], [b]) => a.localeCompare(b))),
      peakGuestBytes: this.process.memory.peakResidentPages * 4096,
    };
  }
}
