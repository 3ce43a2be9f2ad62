import { X86Engine, X86RegisterFile, x86_64Descriptor } from '@ubp/arch-x86-64';
import { AddressSpace, CpuExit, CpuExitKind, PAGE_SIZE, Protection, type VirtualClock } from '@ubp/core';
import { EMULATOR_ERROR, type IsaCase, type IsaResult, LOADABLE_FLAGS, SYSCALL, type SecondPage, TIMEOUT, X87_IMAGE_SIZE } from './IsaState.js';
import { CODE_ADDRESS, PAGE, SCRATCH_ADDRESS, SCRATCH_SIZE, STOP_MARKER } from './layout.js';

/** Far more instructions than a snippet runs: reaching it means the snippet loops. */
const BUDGET = 100_000;
const TWO32 = 0x1_0000_0000n;

const SECOND_PAGE_PROT: Record<SecondPage, number> = {
  rw: Protection.Read | Protection.Write,
  ro: Protection.Read,
  none: Protection.None,
};

/** One emulated address space with the harness layout, reused for every case of a process. */
class EmulatedMachine {
  private readonly space = new AddressSpace(x86_64Descriptor.layout);
  private readonly memory = this.space.memory;
  private readonly engine: X86Engine;
  private readonly codePage = new Uint8Array(PAGE);
  private now = 0;
  /** The clock a run reads instead of `now` (see runCaseOnEmulator). */
  private clock: VirtualClock | undefined;
  /** Length of the snippet on the code page; -1 before the first. */
  private loaded = -1;

  constructor() {
    this.space.map({ address: SCRATCH_ADDRESS, length: SCRATCH_SIZE, prot: SECOND_PAGE_PROT.rw, fixed: true });
    this.space.map({ address: CODE_ADDRESS, length: PAGE, prot: Protection.Read | Protection.Exec, fixed: true });
    this.engine = new X86Engine(this.memory, { nowNs: () => this.clock?.nowNs() ?? this.now++ });
  }

  run(c: IsaCase, clock: VirtualClock | undefined): IsaResult {
    this.clock = clock;
    this.load(c.code);
    this.memory.poke(SCRATCH_ADDRESS, c.state.memory);
    this.space.protect(SCRATCH_ADDRESS + PAGE, SCRATCH_SIZE - PAGE, SECOND_PAGE_PROT[c.secondPage ?? 'rw']);
    const regs = this.registers(c);
    const exit = new CpuExit();
    let detail: string | undefined;
    try {
      this.engine.run(regs, BUDGET, exit);
    } catch (error) {
      detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    }
    return { ...this.outcome(regs, exit, detail), ...this.state(regs) };
  }

  /** Installs the snippet unless it is already there: rewriting the page would discard its translations. */
  private load(code: Uint8Array): void {
    if (code.length === this.loaded && Buffer.compare(code, this.codePage.subarray(0, code.length)) === 0) return;
    this.codePage.fill(STOP_MARKER);
    this.codePage.set(code);
    this.loaded = code.length;
    this.memory.poke(CODE_ADDRESS, this.codePage);
  }

  private registers(c: IsaCase): X86RegisterFile {
    const regs = new X86RegisterFile();
    c.state.gpr.forEach((value, i) => {
      regs.r[2 * i] = Number(value % TWO32) | 0;
      regs.r[2 * i + 1] = Number(value / TWO32) | 0;
    });
    regs.rflags = Number((c.state.rflags & LOADABLE_FLAGS) | 0x202n);
    regs.xb.set(c.state.xmm);
    regs.mxcsr = c.state.mxcsr & 0xffff;
    regs.x87.restoreImage(c.state.x87);
    regs.rip = CODE_ADDRESS;
    return regs;
  }

  private outcome(regs: X86RegisterFile, exit: CpuExit, detail: string | undefined): Pick<IsaResult, 'rip' | 'signal' | 'siCode' | 'siAddr' | 'detail'> {
    const rip = BigInt.asUintN(64, BigInt(regs.rip));
    if (detail !== undefined) return { rip, signal: EMULATOR_ERROR, siCode: undefined, siAddr: undefined, detail };
    switch (exit.kind) {
      case CpuExitKind.Breakpoint:
        return { rip: BigInt(exit.pc), signal: undefined, siCode: undefined, siAddr: undefined };
      case CpuExitKind.Fault:
        return { rip, signal: exit.signal, siCode: exit.code, siAddr: BigInt.asUintN(64, BigInt(exit.address)), detail: exit.detail };
      case CpuExitKind.Syscall:
        return { rip, signal: SYSCALL, siCode: undefined, siAddr: undefined };
      default:
        return { rip, signal: TIMEOUT, siCode: undefined, siAddr: undefined };
    }
  }

  private state(regs: X86RegisterFile): Pick<IsaResult, 'gpr' | 'rflags' | 'xmm' | 'mxcsr' | 'x87' | 'memory'> {
    const gpr = new BigUint64Array(16);
    for (let i = 0; i < 16; i++) gpr[i] = (BigInt(regs.r[2 * i + 1]! >>> 0) << 32n) | BigInt(regs.r[2 * i]! >>> 0);
    const memory = new Uint8Array(SCRATCH_SIZE);
    for (let at = 0; at < SCRATCH_SIZE; at += PAGE_SIZE) memory.set(this.memory.lookup((SCRATCH_ADDRESS + at) / PAGE_SIZE)!.bytes, at);
    const x87 = new Uint8Array(X87_IMAGE_SIZE);
    regs.x87.saveImage(x87);
    return { gpr, rflags: BigInt(regs.rflags >>> 0), xmm: regs.xb.slice(), mxcsr: regs.mxcsr, x87, memory };
  }
}

let machine: EmulatedMachine | undefined;

/**
 * Runs one case on the X86Engine. Time-reading instructions (RDTSC) see `clock` when given, else
 * a counter that advances by one nanosecond at each read.
 */
export function runCaseOnEmulator(c: IsaCase, clock?: VirtualClock): IsaResult {
  machine ??= new EmulatedMachine();
  return machine.run(c, clock);
}

/** Runs every case on the X86Engine, in one reused address space. */
export function runOnEmulator(cases: readonly IsaCase[]): IsaResult[] {
  return cases.map((c) => runCaseOnEmulator(c));
}
