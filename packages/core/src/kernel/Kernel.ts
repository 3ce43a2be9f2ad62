import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { type Cpu } from '../isa/Cpu.js';
import { CpuExit, CpuExitKind } from '../isa/CpuExit.js';
import { type CloneArguments, type SyscallAbi } from '../isa/SyscallAbi.js';
import { SyscallArgs } from '../isa/SyscallArgs.js';
import { FdTable } from '../fs/FdTable.js';
import { GuestFs } from '../fs/GuestFs.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { StdioFile } from '../fs/StdioFile.js';
import { inspectProgram, loadProgram } from '../loader/loadProgram.js';
import { formatAddress } from '../memory/formatAddress.js';
import { GuestFault } from '../memory/GuestFault.js';
import { AddressSpace } from '../process/AddressSpace.js';
import { SiCode, Signal } from '../signals/Signal.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallTable } from '../syscalls/SyscallContext.js';
import { REALTIME_EPOCH_SECONDS } from '../time/clocks.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { Errno, SyscallError } from './Errno.js';
import { Futexes, MATCH_ANY } from './Futexes.js';
import { type KernelConfig } from './KernelConfig.js';
import { Process, type Termination } from './Process.js';
import { RunStopped } from './RunStopped.js';
import { Scheduler } from './Scheduler.js';
import { SeededRandom } from './SeededRandom.js';
import { SignalDelivery } from './SignalDelivery.js';
import { Task } from './Task.js';
import { type TaskWait } from './TaskWait.js';
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
  readonly scheduler: Scheduler;
  readonly futexes = new Futexes();
  private nextPid = FIRST_PID;
  /** Instructions retired by all engines, the base of virtual time. */
  retired = 0;
  /** Virtual nanoseconds skipped by sleeps. */
  sleptNs = 0;
  private readonly exit = new CpuExit();
  /** Instructions the running task may still run in its time slice. */
  private sliceLeft = 0;
  private readonly args = new SyscallArgs();
  current: Task | undefined;

  constructor(
    readonly facets: RunFacets,
    readonly config: KernelConfig,
    private readonly syscalls: SyscallTable,
  ) {
    this.random = new SeededRandom(config.seed);
    this.scheduler = new Scheduler(config.quantum, config.seed);
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
    this.scheduler.add(task);
    const [stdin, stdout, stderr] = this.config.stdio;
    process.fds.install(0, new StdioFile(stdin, '/dev/stdin', OpenFlags.O_RDONLY), false);
    process.fds.install(1, new StdioFile(stdout, '/dev/stdout', OpenFlags.O_WRONLY), false);
    process.fds.install(2, new StdioFile(stderr, '/dev/stderr', OpenFlags.O_WRONLY), false);
    this.processes.set(process.pid, process);
    return process;
  }

  /**
   * A new thread of `parent`'s process (clone with CLONE_VM | CLONE_THREAD): a copy of the
   * parent's registers that returns 0 from the syscall, on its own stack and thread pointer.
   */
  createThread(parent: Task, clone: CloneArguments, flags: { readonly setTls: boolean }): Task {
    const process = parent.process;
    const regs = parent.regs.clone();
    const abi = this.facets.abi;
    abi.setResult(regs, 0);
    if (clone.stack !== 0) regs.sp = clone.stack;
    if (flags.setTls) abi.setThreadPointer(regs, clone.tls);
    const task = new Task(this.nextPid++, process, regs);
    task.sigmask = parent.sigmask;
    process.tasks.push(task);
    this.scheduler.add(task);
    return task;
  }

  /** Blocks `task` in its current syscall until `wait` ends; the syscall's result is the wait's. */
  block(task: Task, wait: TaskWait): typeof KEEP_REGISTERS {
    task.wait = wait;
    return KEEP_REGISTERS;
  }

  /** Ends a thread: CLONE_CHILD_CLEARTID's word is cleared and its futex woken, as pthread_join expects. */
  exitTask(task: Task): void {
    task.exited = true;
    task.wait?.cancel();
    task.wait = undefined;
    if (task.clearChildTid === 0) return;
    const memory = task.process.memory;
    try {
      memory.write(task.clearChildTid, new Uint8Array(4));
      this.futexes.wake(memory, task.clearChildTid, 1, MATCH_ANY);
    } catch {
      // The address may be gone; Linux ignores that too.
    }
  }

  /** Ends the running task's time slice at its next stop (sched_yield). */
  yieldSlice(): void {
    this.sliceLeft = 0;
  }

  /**
   * Runs until the first process ends; returns how it ended. A task keeps the CPU for its time
   * slice across syscalls that do not block; it gives it up when the slice is spent, when it
   * blocks or yields, and when it exits.
   */
  run(process: Process): Termination {
    let task: Task | undefined;
    while (process.termination === undefined) {
      if (task === undefined || this.sliceLeft <= 0 || task.exited || task.wait !== undefined) {
        this.scheduler.prune();
        task = this.scheduler.next((t) => this.ready(t));
        if (task === undefined) {
          if (this.scheduler.tasks.length === 0) break;
          this.skipToDeadline();
          continue;
        }
        this.sliceLeft = this.scheduler.slice();
      }
      this.current = task;
      if (!this.trapHandlers.some((h) => h.defersSignals(task!))) this.signals.deliver(task);
      if (process.termination !== undefined) break;
      const before = this.retired;
      this.step(task, this.sliceLeft);
      this.sliceLeft -= this.retired - before;
    }
    for (const t of process.tasks) if (!t.exited) this.exitTask(t);
    process.fds.closeAll();
    return process.termination ?? { kind: 'exit', status: 0 };
  }

  /**
   * Whether `task` can run now. A blocked one can when its wait ends: woken, timed out, or cut
   * short by a signal it will take (EINTR, or a restart of the syscall after a SA_RESTART handler).
   */
  private ready(task: Task): boolean {
    const wait = task.wait;
    if (wait === undefined) return true;
    const abi = this.facets.abi;
    const signal = wait.interruptible ? this.signals.interrupting(task) : undefined;
    if (signal !== undefined) {
      wait.cancel();
      task.wait = undefined;
      if (wait.restartable && this.signals.restarts(task.process, signal)) abi.restartSyscall(task.regs, task.waitingIn);
      else abi.setResult(task.regs, -Errno.EINTR);
      return true;
    }
    const result = wait.poll(wait.deadlineNs !== undefined && this.nowNs() >= wait.deadlineNs);
    if (result === undefined) return false;
    if (task.wait !== wait) return false; // the retried syscall blocked anew (its handler called block)
    task.wait = undefined;
    if (result !== KEEP_REGISTERS) abi.setResult(task.regs, result);
    return true;
  }

  /** Every task waits: virtual time jumps to the first deadline, or the guest has deadlocked. */
  private skipToDeadline(): void {
    const waits = this.scheduler.tasks.flatMap((t) => (t.wait === undefined ? [] : [t.wait]));
    const deadlines = waits.flatMap((w) => (w.deadlineNs === undefined ? [] : [w.deadlineNs]));
    if (deadlines.length === 0) {
      const who = this.scheduler.tasks.map((t) => `task ${t.tid}: ${t.wait?.reason ?? 'running'}`).join('; ');
      throw new RunStopped(`guest deadlocked: every task waits and none can wake the others (${who})`, EXIT_RUNAWAY);
    }
    this.sleptNs += Math.max(0, Math.min(...deadlines) - this.nowNs());
  }

  /** Runs one task for up to `budget` instructions and handles whatever stopped it. */
  private step(task: Task, budget: number): void {
    const process = task.process;
    const limit = this.config.maxInstructions;
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
        if (exit.kind !== CpuExitKind.Watch && this.scheduler.preemptsAfterTrap()) this.sliceLeft = 0;
    }
  }

  /** Breakpoint, single-step and debug-register traps nobody claimed become SIGTRAP. */
  private trap(task: Task, exit: CpuExit): void {
    for (const handler of this.trapHandlers) if (handler.handle(task, exit)) return;
    if (exit.kind === CpuExitKind.Watch) throw new Error(`internal: nobody claims the watch at ${formatAddress(exit.pc)}`);
    const code = exit.kind === CpuExitKind.Breakpoint ? SiCode.SI_KERNEL : exit.kind === CpuExitKind.Step ? SiCode.TRAP_TRACE : SiCode.TRAP_HWBKPT;
    this.signals.force(task, { signo: Signal.SIGTRAP, code, address: exit.kind === CpuExitKind.Breakpoint ? 0 : exit.pc }, 'trace/breakpoint trap', exit.pc);
  }

  private syscall(task: Task): void {
    const abi = this.facets.abi;
    const nr = abi.read(task.regs, this.args);
    const name = abi.nameOf(nr) ?? `syscall_${nr}`;
    this.syscallCounts.set(name, (this.syscallCounts.get(name) ?? 0) + 1);
    const result = this.dispatch(task, nr, name);
    if (result instanceof WouldBlock) task.wait = this.retryWait(task, nr, `${name}: ${result.reason}`);
    else if (result !== KEEP_REGISTERS) abi.setResult(task.regs, result);
    if (task.wait !== undefined) task.waitingIn = nr;
  }

  /** Runs syscall `nr` of `task` with the arguments in `this.args`: its result, KEEP_REGISTERS, or the WouldBlock it threw. */
  private dispatch(task: Task, nr: number, name: string): number | typeof KEEP_REGISTERS | WouldBlock {
    const abi = this.facets.abi;
    const handler = this.syscalls[name] ?? abi.archSyscalls.get(name);
    if (handler === undefined) {
      this.config.trace?.(`syscall ${name} (${nr}) is not implemented: ENOSYS`);
      return -Errno.ENOSYS;
    }
    const context: SyscallContext = { kernel: this, process: task.process, task, args: this.args, memory: task.process.memory };
    try {
      return handler(context);
    } catch (error) {
      if (error instanceof WouldBlock) return error;
      return this.syscallFailure(task, name, error);
    }
  }

  /** A syscall that threw WouldBlock runs again, from the registers it left, each time the scheduler looks at the task. */
  private retryWait(task: Task, nr: number, reason: string): TaskWait {
    const name = this.facets.abi.nameOf(nr) ?? `syscall_${nr}`;
    return {
      reason,
      deadlineNs: undefined,
      restartable: true,
      interruptible: true,
      poll: () => {
        this.facets.abi.read(task.regs, this.args);
        const result = this.dispatch(task, nr, name);
        return result instanceof WouldBlock ? undefined : result;
      },
      cancel: () => {},
    };
  }

  private syscallFailure(task: Task, name: string, error: unknown): number {
    if (error instanceof SyscallError) {
      if (error.errno === Errno.EPIPE && (name === 'write' || name === 'writev' || name === 'pwrite64')) {
        this.signals.send(task, { signo: Signal.SIGPIPE, code: SiCode.SI_USER, pid: task.process.pid, uid: this.config.credentials.uid });
      }
      return -error.errno;
    }
    if (error instanceof GuestFault) return -Errno.EFAULT;
    throw error;
  }
}
