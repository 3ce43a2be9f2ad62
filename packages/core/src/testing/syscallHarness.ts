import { FdTable } from '../fs/FdTable.js';
import { SyscallError } from '../kernel/Errno.js';
import { SyscallArgs } from '../isa/SyscallArgs.js';
import { type Kernel } from '../kernel/Kernel.js';
import { type Process } from '../kernel/Process.js';
import { SeededRandom } from '../kernel/SeededRandom.js';
import { type Task } from '../kernel/Task.js';
import { type TaskWait } from '../kernel/TaskWait.js';
import { GuestMemory } from '../memory/GuestMemory.js';
import { Page } from '../memory/Page.js';
import { Protection } from '../memory/Protection.js';
import { type SigInfo } from '../signals/SigInfo.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallHandler, type SyscallTable } from '../syscalls/SyscallContext.js';

/** The process id, user and group the harness's calls run as. */
export const HARNESS_CREDENTIALS = { pid: 4242, uid: 1000, gid: 100 } as const;

/** Where the harness's writable guest memory starts, and how many bytes it holds. */
export const HARNESS_MEMORY = { address: 0x10000, size: 0x4000 } as const;

/**
 * One syscall handler run against a descriptor table and a little guest memory, without a CPU
 * or a scheduler: the kernel records a wait instead of parking a task, and virtual time moves
 * only when the test says so. For unit tests of syscalls whose effects are on files and memory.
 */
export class SyscallHarness {
  readonly fds = new FdTable();
  readonly memory: GuestMemory;
  /** The wait the last call blocked in (kernel.block), if it did. */
  wait: TaskWait | undefined;
  nowNs = 0;
  /** Signals the calls sent to their task, in order. */
  readonly signals: SigInfo[] = [];
  /** What the kernel's `signals.interrupting` answers: a pending signal that would cut a wait short. */
  interrupting: number | undefined;
  /** The --verbose notes the calls wrote. */
  readonly notes: string[] = [];
  private readonly ctx: SyscallContext;
  private readonly args = new SyscallArgs();

  constructor() {
    const first = HARNESS_MEMORY.address / 0x1000;
    const last = first + HARNESS_MEMORY.size / 0x1000;
    const rw = Protection.Read | Protection.Write;
    this.memory = new GuestMemory({ materialize: (index) => (index >= first && index < last ? new Page(rw, false) : undefined) }, 2 ** 47, Protection.None);
    const kernel = {
      nowNs: () => this.nowNs,
      block: (_task: Task, wait: TaskWait) => {
        this.wait = wait;
        return KEEP_REGISTERS;
      },
      random: new SeededRandom(1),
      config: { trace: (note: string) => this.notes.push(note), credentials: HARNESS_CREDENTIALS },
      signals: { send: (_task: Task, info: SigInfo) => this.signals.push(info), interrupting: () => this.interrupting },
    };
    this.ctx = { kernel: kernel as unknown as Kernel, process: { fds: this.fds, pid: HARNESS_CREDENTIALS.pid } as unknown as Process, task: {} as Task, args: this.args, memory: this.memory };
  }

  /** Calls `handler` with these argument registers (negative numbers are two's complement). */
  call(handler: SyscallHandler, ...args: readonly number[]): number | typeof KEEP_REGISTERS {
    this.wait = undefined;
    args.forEach((value, i) => {
      const big = BigInt.asUintN(64, BigInt(value));
      this.args.lo[i] = Number(big & 0xffffffffn) | 0;
      this.args.hi[i] = Number(big >> 32n) | 0;
    });
    return handler(this.ctx);
  }
}

/** The handler a table gives `name`, for a test that calls it directly. */
export function syscallHandler(table: SyscallTable, name: string): SyscallHandler {
  const handler = table[name];
  if (handler === undefined) throw new Error(`no syscall ${name} in the table`);
  return handler;
}

/** The errno a call fails with (a thrown SyscallError), or undefined when it succeeds. */
export function errnoOf(run: () => unknown): number | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof SyscallError) return error.errno;
    throw error;
  }
  return undefined;
}
