import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { type Cpu } from '../isa/Cpu.js';
import { CpuExit, CpuExitKind } from '../isa/CpuExit.js';
import { type SyscallAbi } from '../isa/SyscallAbi.js';
import { SyscallArgs } from '../isa/SyscallArgs.js';
import { FdTable } from '../fs/FdTable.js';
import { GuestFs } from '../fs/GuestFs.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { StdioFile } from '../fs/StdioFile.js';
import { inspectProgram, loadProgram } from '../loader/loadProgram.js';
import { GuestFault } from '../memory/GuestFault.js';
import { AddressSpace } from '../process/AddressSpace.js';
import { SiCode, Signal } from '../signals/Signal.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallTable } from '../syscalls/SyscallContext.js';
import { REALTIME_EPOCH_SECONDS } from '../time/clocks.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { Errno, SyscallError } from './Errno.js';
import { type KernelConfig } from './KernelConfig.js';
import { Process, type Termination } from './Process.js';
import { RunStopped } from './RunStopped.js';
import { SeededRandom } from './SeededRandom.js';
import { SignalDelivery } from './SignalDelivery.js';
import { Task } from './Task.js';
import { buildVirtualTree } from './virtualTree.js';
import { WouldBlock } from './WouldBlock.js';

/** A program to start: its bytes, where the guest sees it, and the path exec was given. */
export interface Executable {
  readonly bytes: Uint8Array;
  /** /proc/self/exe. */
  readonly guestPath: string;
  /** argv[0]-style path as the user typed it (AT_EXECFN). */
  readonly execPath: string;
  readonly inode: number;
}

/** The facets of one architecture that running a program needs. */
export interface RunFacets {
  readonly descriptor: ArchDescriptor;
  readonly cpu: Cpu;
  readonly abi: SyscallAbi;
}

/**
 * Something that wants to see traps before the kernel turns them into signals: the uprobes
 * layer claims breakpoint and single-step traps at its own addresses.
 */
export interface TrapHandler {
  /** A breakpoint, step or debug trap: returns true when it handled it; the task then simply continues. */
  handle(task: Task, exit: CpuExit): boolean;
  /**
   * A fault: the handler may repair state (abort a step, put the PC back on the probed
   * instruction, updating `exit.pc`) and returns true only when the fault was its own business.
   */
  fault(task: Task, exit: CpuExit): boolean;
  /** Whether signals must wait for `task` (it is between a step and its trap: uprobe_deny_signal). */
  defersSignals(task: Task): boolean;
}

/** Exit status conventions of `ubp` itself. */
export const EXIT_RUNAWAY = 124;

const FIRST_PID = 100;

/**
 * The emulated Linux kernel: processes and tasks, the syscall layer, signal delivery, and the
 * loop that runs tasks on the architecture's CPU facet. Guest time is virtual.
 */
export class Kernel implements VirtualClock {
  readonly random: SeededRandom;
  readonly fs: GuestFs;
  readonly signals: SignalDelivery;
  readonly processes = new Map<number, Process>();
  readonly syscallCounts = new Map<string, number>();
  readonly trapHandlers: TrapHandler[] = [];
  private nextPid = FIRST_PID;
  /** Instructions retired by all engines, the base of virtual time. */
  retired = 0;
  /** Virtual nanoseconds skipped by sleeps. */
  sleptNs = 0;
  private readonly exit = new CpuExit();
  private readonly args = new SyscallArgs();
  current: Task | undefined;

  constructor(
    readonly facets: RunFacets,
    readonly config: KernelConfig,
    private readonly syscalls: SyscallTable,
  ) {
    this.random = new SeededRandom(config.seed);
    this.fs = new GuestFs(config.root, (name) => buildVirtualTree(this, name));
    this.signals = new SignalDelivery(this);
  }

  nowNs(): number {
    return this.retired + this.sleptNs;
  }

  /** CLOCK_REALTIME in seconds, for timestamps the guest sets to "now". */
  wallClockSeconds(): number {
    return REALTIME_EPOCH_SECONDS + this.nowNs() / 1e9;
  }

  /** Creates the first process from an executable the caller has read. */
  spawn(executable: Executable): Process {
    const { descriptor, cpu } = this.facets;
    const file = executable;
    const exePath = executable.execPath;
    const elf = inspectProgram(file.bytes, exePath, descriptor);
    const space = new AddressSpace(descriptor.layout);
    const memory = space.memory;
    const engine = cpu.createEngine(memory, this);
    const process = new Process(this.nextPid++, 1, space, memory, engine, new FdTable(), file.guestPath);
    process.cwd = this.config.cwd;
    process.comm = (exePath.split('/').pop() ?? exePath).slice(0, 15);
    const encoder = new TextEncoder();
    const random = new Uint8Array(16);
    this.random.fill(random);
    const loaded = loadProgram(space, descriptor, elf, {
      file: { path: file.guestPath, bytes: file.bytes, device: '08:01', inode: file.inode },
      argv: this.config.argv.map((a) => encoder.encode(a)),
      envp: this.config.env.map((e) => encoder.encode(e)),
      execPath: encoder.encode(exePath),
      random,
      credentials: this.config.credentials,
    });
    process.symbols = loaded.symbols;
    process.elf = loaded.elf;
    process.loadBias = loaded.loadBias;
    process.commandLine = memory.read(loaded.argStart, loaded.argEnd - loaded.argStart);
    process.environment = memory.read(loaded.argEnd, loaded.envEnd - loaded.argEnd);
    const task = new Task(process.pid, process, descriptor.createRegisters());
    this.facets.abi.start(task.regs, loaded.entry, loaded.stackPointer);
    process.tasks.push(task);
    const [stdin, stdout, stderr] = this.config.stdio;
    process.fds.install(0, new StdioFile(stdin, '/dev/stdin', OpenFlags.O_RDONLY), false);
    process.fds.install(1, new StdioFile(stdout, '/dev/stdout', OpenFlags.O_WRONLY), false);
    process.fds.install(2, new StdioFile(stderr, '/dev/stderr', OpenFlags.O_WRONLY), false);
    this.processes.set(process.pid, process);
    return process;
  }

  /** Runs until the first process ends; returns how it ended. */
  run(process: Process): Termination {
    while (process.termination === undefined) {
      const task = process.tasks.find((t) => !t.exited);
      if (task === undefined) break;
      this.current = task;
      if (!this.trapHandlers.some((h) => h.defersSignals(task))) this.signals.deliver(task);
      if (process.termination !== undefined) break;
      this.step(task);
    }
    process.fds.closeAll();
    return process.termination ?? { kind: 'exit', status: 0 };
  }

  /** Runs one task for up to a quantum and handles whatever stopped it. */
  private step(task: Task): void {
    const process = task.process;
    const limit = this.config.maxInstructions;
    let budget = this.config.quantum;
    if (limit !== undefined) {
      if (this.retired >= limit) throw new RunStopped(`guest stopped after ${limit} instructions (--max-instructions)`, EXIT_RUNAWAY);
      budget = Math.min(budget, limit - this.retired);
    }
    const before = process.engine.retired;
    process.engine.run(task.regs, budget, this.exit);
    this.retired += process.engine.retired - before;
    const exit = this.exit;
    switch (exit.kind) {
      case CpuExitKind.Budget:
        return;
      case CpuExitKind.Syscall:
        this.syscall(task);
        return;
      case CpuExitKind.Fault:
        for (const handler of this.trapHandlers) if (handler.fault(task, exit)) return;
        this.signals.force(task, { signo: exit.signal, code: exit.code, address: exit.address }, exit.detail, exit.pc);
        return;
      default:
        this.trap(task, exit);
    }
  }

  /** Breakpoint, single-step and debug-register traps nobody claimed become SIGTRAP. */
  private trap(task: Task, exit: CpuExit): void {
    for (const handler of this.trapHandlers) if (handler.handle(task, exit)) return;
    const code = exit.kind === CpuExitKind.Breakpoint ? SiCode.SI_KERNEL : exit.kind === CpuExitKind.Step ? SiCode.TRAP_TRACE : SiCode.TRAP_HWBKPT;
    this.signals.force(task, { signo: Signal.SIGTRAP, code, address: exit.kind === CpuExitKind.Breakpoint ? 0 : exit.pc }, 'trace/breakpoint trap', exit.pc);
  }

  private syscall(task: Task): void {
    const abi = this.facets.abi;
    const nr = abi.read(task.regs, this.args);
    const name = abi.nameOf(nr) ?? `syscall_${nr}`;
    this.syscallCounts.set(name, (this.syscallCounts.get(name) ?? 0) + 1);
    const handler = this.syscalls[name] ?? abi.archSyscalls.get(name);
    if (handler === undefined) {
      this.config.trace?.(`syscall ${name} (${nr}) is not implemented: ENOSYS`);
      abi.setResult(task.regs, -Errno.ENOSYS);
      return;
    }
    const context: SyscallContext = { kernel: this, process: task.process, task, args: this.args, memory: task.process.memory };
    let result: number | typeof KEEP_REGISTERS;
    try {
      result = handler(context);
    } catch (error) {
      result = this.syscallFailure(task, name, error);
    }
    if (result !== KEEP_REGISTERS) abi.setResult(task.regs, result);
  }

  private syscallFailure(task: Task, name: string, error: unknown): number {
    if (error instanceof SyscallError) {
      if (error.errno === Errno.EPIPE && (name === 'write' || name === 'writev' || name === 'pwrite64')) {
        this.signals.send(task, { signo: Signal.SIGPIPE, code: SiCode.SI_USER, pid: task.process.pid, uid: this.config.credentials.uid });
      }
      return -error.errno;
    }
    if (error instanceof GuestFault) return -Errno.EFAULT;
    if (error instanceof WouldBlock) {
      throw new RunStopped(`guest deadlocked: ${name} would wait forever (${error.reason}) and no other task can run`, EXIT_RUNAWAY);
    }
    throw error;
  }
}
