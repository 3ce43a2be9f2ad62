import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { type Cpu } from '../isa/Cpu.js';
import { CpuExit, CpuExitKind } from '../isa/CpuExit.js';
import { type CloneArguments, type SyscallAbi } from '../isa/SyscallAbi.js';
import { SyscallArgs } from '../isa/SyscallArgs.js';
import { FdTable } from '../fs/FdTable.js';
import { GuestFs } from '../fs/GuestFs.js';
import { type OpenFile } from '../fs/OpenFile.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { StdioFile } from '../fs/StdioFile.js';
import { EpipeWithoutSignal } from '../fs/UnixSocket.js';
import { formatAddress } from '../memory/formatAddress.js';
import { GuestFault } from '../memory/GuestFault.js';
import { SiCode, Signal } from '../signals/Signal.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallTable } from '../syscalls/SyscallContext.js';
import { REALTIME_EPOCH_SECONDS } from '../time/clocks.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { Errno, SyscallError } from './Errno.js';
import { Futexes, MATCH_ANY } from './Futexes.js';
import { type Executable } from './Executable.js';
import { type KernelConfig } from './KernelConfig.js';
import { INIT_PID, Process, type ProcessImage, type Termination } from './Process.js';
import { endProcess } from './processExit.js';
import { enterImage, loadImage } from './programImage.js';
import { RealTimers } from './RealTimers.js';
import { releaseRobustList } from './robustList.js';
import { RunStopped } from './RunStopped.js';
import { Scheduler } from './Scheduler.js';
import { SeededRandom } from './SeededRandom.js';
import { SignalDelivery } from './SignalDelivery.js';
import { Task } from './Task.js';
import { type TaskWait } from './TaskWait.js';
import { buildVirtualTree } from './virtualTree.js';
import { WouldBlock } from './WouldBlock.js';

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
  /** `parent` created `child` with fork, vfork or clone without CLONE_THREAD (the child has not run yet). */
  forked?(parent: Task, child: Process): void;
  /** `process` replaced its image by execve; `previous` is the image and file it ran before. */
  execed?(process: Process, previous: { readonly image: ProcessImage; readonly executable: Executable }): void;
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
  /** ITIMER_REAL of each process (setitimer, alarm). */
  readonly realTimers: RealTimers;
  private nextPid = FIRST_PID;
  /** Instructions retired by all engines, the base of virtual time. */
  retired = 0;
  /** Virtual nanoseconds skipped by sleeps. */
  sleptNs = 0;
  private readonly exit = new CpuExit();
  /** Instructions the running task may still run in its time slice. */
  private sliceLeft = 0;
  private readonly args = new SyscallArgs();
  /** ubp's own standard output and error, as the first process got them. */
  private output: readonly OpenFile[] = [];
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
    this.realTimers = new RealTimers(this.signals);
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
    const encoder = new TextEncoder();
    const loaded = loadImage(
      this,
      executable,
      this.config.argv.map((a) => encoder.encode(a)),
      this.config.env.map((e) => encoder.encode(e)),
    );
    const pid = this.allocatePid();
    const process = new Process(pid, INIT_PID, loaded.image, new FdTable(), executable);
    process.cwd = this.config.cwd;
    const task = new Task(pid, process, this.facets.descriptor.createRegisters());
    enterImage(this, process, task, loaded);
    this.addTask(task);
    const [stdin, stdout, stderr] = this.config.stdio;
    this.output = [new StdioFile(stdout, '/dev/stdout', OpenFlags.O_WRONLY), new StdioFile(stderr, '/dev/stderr', OpenFlags.O_WRONLY)];
    process.fds.install(0, new StdioFile(stdin, '/dev/stdin', OpenFlags.O_RDONLY), false);
    process.fds.install(1, this.output[0]!, false);
    process.fds.install(2, this.output[1]!, false);
    this.processes.set(process.pid, process);
    return process;
  }

  /** A fresh pid (thread ids come from the same space, as Linux's). */
  allocatePid(): number {
    return this.nextPid++;
  }

  /** Lets a task of `task.process` run. */
  addTask(task: Task): void {
    task.process.tasks.push(task);
    this.scheduler.add(task);
  }

  /**
   * The first task of a clone, in `process`: a copy of the parent's registers that returns 0 from
   * the syscall, on the stack and thread pointer clone was given, with the parent's signal mask.
   */
  cloneTask(parent: Task, process: Process, clone: CloneArguments, setTls: boolean): Task {
    const regs = parent.regs.clone();
    const abi = this.facets.abi;
    abi.setResult(regs, 0);
    if (clone.stack !== 0) regs.sp = clone.stack;
    if (setTls) abi.setThreadPointer(regs, clone.tls);
    const task = new Task(process.tasks.length === 0 ? process.pid : this.allocatePid(), process, regs);
    task.sigmask = parent.sigmask;
    // A new thread is named as its creator is (a new process's leader too: its comm is the process's).
    task.comm = parent.comm;
    this.addTask(task);
    return task;
  }

  /** The task with thread id `tid` that has not exited, in any process. */
  liveTask(tid: number): Task | undefined {
    for (const process of this.processes.values()) {
      const task = process.tasks.find((t) => t.tid === tid && !t.exited);
      if (task !== undefined) return task;
    }
    return undefined;
  }

  /** Blocks `task` in its current syscall until `wait` ends; the syscall's result is the wait's. */
  block(task: Task, wait: TaskWait): typeof KEEP_REGISTERS {
    task.wait = wait;
    return KEEP_REGISTERS;
  }

  /**
   * Ends a thread: the robust mutexes it still holds are marked as their owner's death, then
   * CLONE_CHILD_CLEARTID's word is cleared and its futex woken, as pthread_join expects.
   */
  exitTask(task: Task): void {
    task.exited = true;
    task.wait?.cancel();
    task.wait = undefined;
    releaseRobustList(task, this.futexes);
    this.clearChildTid(task);
  }

  /** mm_release: zeroes the task's CLONE_CHILD_CLEARTID word and wakes a futex waiter on it, once. */
  clearChildTid(task: Task): void {
    const address = task.clearChildTid;
    if (address === 0) return;
    task.clearChildTid = 0;
    const memory = task.process.memory;
    try {
      memory.write(address, new Uint8Array(4));
      this.futexes.wake(memory, address, 1, MATCH_ANY);
    } catch {
      // The address may be gone; Linux ignores that too.
    }
  }

  /** Ends the running task's time slice at its next stop (sched_yield). */
  yieldSlice(): void {
    this.sliceLeft = 0;
  }

  /**
   * Runs the first process and whatever it starts; returns how the first one ended. A task keeps
   * the CPU for its time slice across syscalls that do not block; it gives it up when the slice
   * is spent, when it blocks or yields, and when it exits. Once the first process has ended, the
   * run goes on as long as another process still has ubp's standard output or error open (as a
   * shell's pipe reader waits for every writer), unless they all wait for something that cannot
   * come; the processes left then are killed.
   */
  run(first: Process): Termination {
    let task: Task | undefined;
    while (first.termination === undefined || this.outputHeld(first)) {
      if (task === undefined || this.sliceLeft <= 0 || task.exited || task.wait !== undefined) {
        this.realTimers.fire(this.nowNs());
        this.scheduler.prune();
        task = this.scheduler.next((t) => this.ready(t));
        if (task === undefined) {
          if (this.scheduler.tasks.length === 0 || (first.termination !== undefined && !this.anyDeadline())) break;
          this.skipToDeadline();
          continue;
        }
        this.sliceLeft = this.scheduler.slice();
      }
      this.current = task;
      if (!this.trapHandlers.some((h) => h.defersSignals(task!))) this.signals.deliver(task);
      if (task.exited) continue;
      const before = this.retired;
      this.step(task, this.sliceLeft);
      this.sliceLeft -= this.retired - before;
    }
    for (const process of [...this.processes.values()]) {
      endProcess(this, process, { kind: 'signal', signal: Signal.SIGKILL, coreDumped: false, pc: undefined, detail: 'still running when the run ended' });
    }
    return first.termination ?? { kind: 'exit', status: 0 };
  }

  /** Whether a process other than `first` still has ubp's standard output or error open. */
  private outputHeld(first: Process): boolean {
    return this.output.some((file) => first.fds.referenced(file));
  }

  /**
   * Whether `task` can run now. A blocked one can when its wait ends: woken, timed out, or cut
   * short by a signal it will take (EINTR, or a restart of the syscall after a SA_RESTART handler).
   * As in Linux, a wait whose condition is met ends normally even with a signal pending: the
   * signal is delivered on the way out.
   */
  private ready(task: Task): boolean {
    const wait = task.wait;
    if (wait === undefined) return true;
    const result = wait.poll(wait.deadlineNs !== undefined && this.nowNs() >= wait.deadlineNs);
    if (result !== undefined) {
      if (task.wait !== wait) return false; // the retried syscall blocked anew (its handler called block)
      task.wait = undefined;
      if (result !== KEEP_REGISTERS) this.facets.abi.setResult(task.regs, result);
      return true;
    }
    const signal = wait.interruptible ? this.signals.interrupting(task) : undefined;
    if (signal === undefined) return false;
    wait.cancel();
    task.wait = undefined;
    if (wait.restartable && this.signals.restarts(task.process, signal)) this.facets.abi.restartSyscall(task.regs, task.waitingIn);
    else this.facets.abi.setResult(task.regs, -Errno.EINTR);
    return true;
  }

  private anyDeadline(): boolean {
    return this.realTimers.nextDeadline() !== undefined || this.scheduler.tasks.some((t) => t.wait?.deadlineNs !== undefined);
  }

  /** Every task waits: virtual time jumps to the first deadline, or the guest has deadlocked. */
  private skipToDeadline(): void {
    const waits = this.scheduler.tasks.flatMap((t) => (t.wait === undefined ? [] : [t.wait]));
    const timer = this.realTimers.nextDeadline();
    const deadlines = [...waits.flatMap((w) => (w.deadlineNs === undefined ? [] : [w.deadlineNs])), ...(timer === undefined ? [] : [timer])];
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
      if (error.errno === Errno.EPIPE && !(error instanceof EpipeWithoutSignal) && (name === 'write' || name === 'writev' || name === 'pwrite64')) {
        this.signals.send(task, { signo: Signal.SIGPIPE, code: SiCode.SI_USER, pid: task.process.pid, uid: this.config.credentials.uid });
      }
      return -error.errno;
    }
    if (error instanceof GuestFault) return -Errno.EFAULT;
    throw error;
  }
}
