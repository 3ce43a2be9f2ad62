import { type ExecutionEngine } from '../isa/ExecutionEngine.js';
import { type GuestMemory } from '../memory/GuestMemory.js';
import { type AddressSpace } from '../process/AddressSpace.js';
import { type FdTable } from '../fs/FdTable.js';
import { type SignalAction } from '../signals/SignalAction.js';
import { type ElfFile } from '../elf/ElfFile.js';
import { type SymbolIndex } from '../elf/SymbolIndex.js';
import { type Executable } from './Executable.js';
import { type Task } from './Task.js';

/** What ended a process: an exit status, or the signal that killed it. */
export type Termination =
  | { readonly kind: 'exit'; readonly status: number }
  /** `detail` says what raised a fatal synchronous signal (the faulting access, the unsupported instruction). */
  | { readonly kind: 'signal'; readonly signal: number; readonly coreDumped: boolean; readonly pc: number | undefined; readonly detail: string | undefined };

/** The image a process runs: what exec replaces, and what clone with CLONE_VM shares. */
export interface ProcessImage {
  readonly space: AddressSpace;
  readonly engine: ExecutionEngine;
}

/** Parent of the first process and of orphans: an init outside the emulation that reaps whatever it is given. */
export const INIT_PID = 1;

/** One process (`struct mm_struct` + `signal_struct` + `files_struct`, as one object). */
export class Process {
  readonly tasks: Task[] = [];
  cwd = '/';
  umask = 0o022;
  /** Set once the process has ended; it is a zombie until its parent reaps it. */
  termination: Termination | undefined;
  /** Bytes of argv and envp as they were laid out on the stack, for /proc/pid/cmdline and environ. */
  commandLine: Uint8Array = new Uint8Array(0);
  environment: Uint8Array = new Uint8Array(0);
  /** The executable's symbols and where it was loaded, for probe specs and messages. */
  symbols: SymbolIndex | undefined;
  elf: ElfFile | undefined;
  loadBias = 0;
  /** The task name (prctl PR_SET_NAME), initially the executable's base name. */
  comm = '';
  /** Resource limits changed by setrlimit/prlimit64: [soft, hard]. */
  readonly limits = new Map<number, [bigint, bigint]>();
  /** Process group and session; a child starts in its parent's. */
  pgid: number;
  sid: number;
  /** The signal the parent gets when this process ends (clone's CSIGNAL byte; SIGCHLD for fork). */
  exitSignal = 0;
  /** Set after a successful execve: setpgid on this child then fails with EACCES. */
  execed = false;
  /** The parent task blocked in vfork (CLONE_VFORK) until this process execs or ends. */
  vforkParent: Task | undefined;

  constructor(
    readonly pid: number,
    /** Reparented to INIT_PID when the parent ends first. */
    public ppid: number,
    private current: ProcessImage,
    /** Replaced by exec when it is shared with another process (CLONE_FILES). */
    public fds: FdTable,
    /** The program file (/proc/self/exe). */
    public executable: Executable,
    /** Signal actions: shared with the parent after CLONE_SIGHAND, until exec unshares them. */
    public actions: Map<number, SignalAction> = new Map(),
  ) {
    this.pgid = pid;
    this.sid = pid;
  }

  get space(): AddressSpace {
    return this.current.space;
  }

  get memory(): GuestMemory {
    return this.current.space.memory;
  }

  get engine(): ExecutionEngine {
    return this.current.engine;
  }

  get image(): ProcessImage {
    return this.current;
  }

  /** Guest path of the executable (/proc/self/exe). */
  get exePath(): string {
    return this.executable.guestPath;
  }

  /** exec: the old image is gone (or left to the process that shares it). */
  replaceImage(image: ProcessImage): void {
    this.current = image;
  }

  get mainTask(): Task {
    return this.tasks[0]!;
  }

  get live(): boolean {
    return this.termination === undefined;
  }
}
