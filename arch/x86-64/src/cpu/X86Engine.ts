import { CpuExit, CpuExitKind, type ExecutionEngine, GuestFault, type GuestMemory, PAGE_SIZE, type RegisterFile, SiCode, Signal, type VirtualClock } from '@ubp/core';
import { type Block, type BlockFunction } from './codegen/Block.js';
import { compileBlock, MAX_BLOCK_INSTRUCTIONS } from './codegen/compileBlock.js';
import { CpuTrap } from './CpuTrap.js';
import { ExitReason } from './ExitReason.js';
import { FlagBits } from './state/FlagBits.js';
import { type X86RegisterFile } from './state/X86RegisterFile.js';

const FAST_ENTRIES = 1 << 14;
const FAST_MASK = FAST_ENTRIES - 1;

/**
 * Translations kept per address after their code changed, in case the same bytes come back: an
 * XOL slot cycles through the instructions of every probe that steps through it, so a hot loop
 * with many probed instructions brings back dozens of contents to the same slot address.
 */
const RETIRED_VARIANTS = 32;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * One translation cache: blocks by start address, with a direct-mapped front for the hot loop.
 * A block invalidated by a write to its code is retired rather than dropped: breakpoints go in
 * and out of the same bytes (inline-hwbp does it on every hit), and recompiling costs far more
 * than comparing the bytes when they return.
 */
class BlockCache {
  readonly blocks = new Map<number, Block>();
  private readonly retired = new Map<number, Block[]>();
  readonly fastStart = new Float64Array(FAST_ENTRIES).fill(Number.NaN);
  readonly fastRun: BlockFunction[] = new Array<BlockFunction>(FAST_ENTRIES);

  remember(block: Block): void {
    this.blocks.set(block.start, block);
    const i = block.start & FAST_MASK;
    this.fastStart[i] = block.start;
    this.fastRun[i] = block.run;
  }

  forget(start: number): void {
    const block = this.blocks.get(start);
    if (block === undefined) return;
    this.blocks.delete(start);
    const i = start & FAST_MASK;
    if (this.fastStart[i] === start) this.fastStart[i] = Number.NaN;
    const variants = this.retired.get(start) ?? [];
    variants.unshift(block);
    variants.length = Math.min(variants.length, RETIRED_VARIANTS);
    this.retired.set(start, variants);
  }

  /** A retired translation of `start` whose bytes are in executable memory again. */
  revive(start: number, memory: GuestMemory): Block | undefined {
    const variants = this.retired.get(start);
    if (variants === undefined) return undefined;
    for (let i = 0; i < variants.length; i++) {
      const block = variants[i]!;
      let current: Uint8Array;
      try {
        current = memory.read(start, block.code.length, 'exec');
      } catch {
        return undefined;
      }
      if (sameBytes(block.code, current)) {
        variants.splice(i, 1);
        return block;
      }
    }
    return undefined;
  }

  clear(): void {
    this.blocks.clear();
    this.retired.clear();
    this.fastStart.fill(Number.NaN);
  }
}

/**
 * Runs x86-64 code by translating basic blocks to JavaScript functions, cached by address.
 * A block is invalidated when a page it was decoded from is written (the memory reports it),
 * so breakpoints and self-modifying code take effect at the next block boundary. With TF set
 * or a debug register armed, code runs one instruction per block so that traps are exact.
 */
export class X86Engine implements ExecutionEngine {
  private readonly cache = new BlockCache();
  /** Single-instruction translations, for stepping and debug-register checks. */
  private readonly stepCache = new BlockCache();
  private readonly blocksByPage = new Map<number, Set<number>>();
  retired = 0;
  readonly watches = new Set<number>();

  constructor(
    private readonly memory: GuestMemory,
    private readonly clock: VirtualClock,
  ) {
    memory.onCodeWrite = (pageIndex) => this.invalidatePage(pageIndex);
  }

  run(regs: RegisterFile, budget: number, exit: CpuExit): void {
    const s = regs as X86RegisterFile;
    s.exit = ExitReason.None;
    this.memory.setUserMode(s.cpl === 3);
    let left = budget;
    while (left > 0) {
      if ((s.control & FlagBits.TF) !== 0 || s.drEnabled !== 0 || this.watches.size !== 0) {
        this.runTraced(s, exit);
        return;
      }
      // Near the end of the budget, one instruction per block, so that a budget (a quantum, a
      // runaway limit) ends exactly where it says and not after the block that crosses it.
      const cache = left >= MAX_BLOCK_INSTRUCTIONS ? this.cache : this.stepCache;
      const rip = s.rip;
      const i = rip & FAST_MASK;
      const run = cache.fastStart[i] === rip ? cache.fastRun[i]! : this.translate(cache, rip, s);
      if (run === undefined) break;
      const n = run(s);
      left -= n;
      this.retired += n;
      if (s.exit !== ExitReason.None) break;
    }
    this.report(s, exit);
  }

  /** One instruction with the trap flag, debug registers and watches honoured, as the hardware orders them. */
  private runTraced(s: X86RegisterFile, exit: CpuExit): void {
    const rip = s.rip;
    if (!s.resume) {
      for (let k = 0; k < 4; k++) {
        if ((s.drEnabled & (1 << k)) !== 0 && s.dr[k] === rip) {
          exit.kind = CpuExitKind.HardwareBreakpoint;
          exit.pc = rip;
          exit.slot = k;
          return;
        }
      }
      if (this.watches.has(rip)) {
        exit.kind = CpuExitKind.Watch;
        exit.pc = rip;
        return;
      }
    }
    s.resume = false;
    const stepping = (s.control & FlagBits.TF) !== 0;
    const run = this.stepCache.fastStart[rip & FAST_MASK] === rip ? this.stepCache.fastRun[rip & FAST_MASK]! : this.translate(this.stepCache, rip, s);
    if (run === undefined) {
      this.report(s, exit);
      return;
    }
    const n = run(s);
    if (s.stringInterrupted) {
      // Not retired yet: it resumes at the same RIP with the registers the iteration left.
      s.stringInterrupted = false;
      s.rip = rip;
    } else this.retired += n;
    if (s.exit === ExitReason.None && stepping) {
      exit.kind = CpuExitKind.Step;
      exit.pc = rip;
      return;
    }
    this.report(s, exit);
  }

  /** Translates the block at `rip`, or records a fetch fault in `s` and returns undefined. */
  private translate(cache: BlockCache, rip: number, s: X86RegisterFile): BlockFunction | undefined {
    const known = cache.blocks.get(rip);
    if (known !== undefined) {
      cache.remember(known);
      return known.run;
    }
    let block = cache.revive(rip, this.memory);
    if (block === undefined) {
      try {
        block = compileBlock(this.memory, rip, cache === this.stepCache ? 1 : MAX_BLOCK_INSTRUCTIONS, this.clock);
      } catch (error) {
        if (!(error instanceof GuestFault)) throw error;
        s.exit = ExitReason.Fault;
        s.pendingFault = error;
        return undefined;
      }
    }
    cache.remember(block);
    const first = Math.floor(block.start / PAGE_SIZE);
    const last = Math.floor((block.end - 1) / PAGE_SIZE);
    for (let page = first; page <= last; page++) {
      let starts = this.blocksByPage.get(page);
      if (starts === undefined) {
        starts = new Set();
        this.blocksByPage.set(page, starts);
      }
      starts.add(block.start);
      this.memory.markCode(page);
    }
    return block.run;
  }

  private invalidatePage(pageIndex: number): void {
    const starts = this.blocksByPage.get(pageIndex);
    if (starts !== undefined) {
      for (const start of starts) {
        this.cache.forget(start);
        this.stepCache.forget(start);
      }
      this.blocksByPage.delete(pageIndex);
    }
    const page = this.memory.resident(pageIndex);
    if (page !== undefined) page.hasCode = false;
  }

  flushCode(): void {
    for (const pageIndex of [...this.blocksByPage.keys()]) this.invalidatePage(pageIndex);
    this.cache.clear();
    this.stepCache.clear();
  }

  private report(s: X86RegisterFile, exit: CpuExit): void {
    switch (s.exit) {
      case ExitReason.None:
        exit.kind = CpuExitKind.Budget;
        return;
      case ExitReason.Syscall:
        exit.kind = CpuExitKind.Syscall;
        exit.pc = s.rip;
        return;
      case ExitReason.Breakpoint:
        exit.kind = CpuExitKind.Breakpoint;
        exit.pc = s.rip - 1;
        return;
      default:
        this.reportFault(s, exit);
    }
  }

  private reportFault(s: X86RegisterFile, exit: CpuExit): void {
    const fault = s.pendingFault;
    s.pendingFault = undefined;
    exit.kind = CpuExitKind.Fault;
    exit.pc = s.rip;
    if (fault instanceof CpuTrap) {
      exit.signal = fault.signal;
      exit.code = fault.code;
      exit.address = fault.address;
      exit.detail = fault.detail;
    } else if (fault instanceof GuestFault) {
      exit.signal = Signal.SIGSEGV;
      exit.code = fault.code;
      exit.address = fault.address;
      exit.detail = fault.describe();
    } else {
      exit.signal = Signal.SIGSEGV;
      exit.code = SiCode.SI_KERNEL;
      exit.address = 0;
      exit.detail = 'fault';
    }
  }
}
