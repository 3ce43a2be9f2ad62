import { type ExecutionEngine } from '../isa/ExecutionEngine.js';
import { type GuestMemory } from '../memory/GuestMemory.js';
import { type AddressSpace } from '../process/AddressSpace.js';
import { type FdTable } from '../fs/FdTable.js';
import { type SignalAction } from '../signals/SignalAction.js';
import { type ElfFile } from '../elf/ElfFile.js';
import { type SymbolIndex } from '../elf/SymbolIndex.js';
import { type Task } from './Task.js';

/** What ended a process: an exit status, or the signal that killed it. */
export type Termination =
  | { readonly kind: 'exit'; readonly status: number }
  /** `detail` says what raised a fatal synchronous signal (the faulting access, the unsupported instruction). */
  | { readonly kind: 'signal'; readonly signal: number; readonly coreDumped: boolean; readonly pc: number | undefined; readonly detail: string | undefined };

/** One process (`struct mm_struct` + `signal_struct` + `files_struct`, as one object). */
export class Process {
  readonly tasks: Task[] = [];
  readonly actions = new Map<number, SignalAction>();
  cwd = '/';
  umask = 0o022;
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

  constructor(
    readonly pid: number,
    readonly ppid: number,
    readonly space: AddressSpace,
    readonly memory: GuestMemory,
    readonly engine: ExecutionEngine,
    readonly fds: FdTable,
    /** Guest path of the executable (/proc/self/exe). */
    public exePath: string,
  ) {}

  get mainTask(): Task {
    return this.tasks[0]!;
  }
}
