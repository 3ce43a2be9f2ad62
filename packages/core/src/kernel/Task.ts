import { type RegisterFile } from '../isa/RegisterFile.js';
import { type AltStack } from '../isa/SignalFrameAbi.js';
import { type SigInfo } from '../signals/SigInfo.js';
import { type Process } from './Process.js';
import { type TaskWait } from './TaskWait.js';

export const SS_DISABLE = 2;
export const SS_ONSTACK = 1;

/** One thread of a process (`struct task_struct`): registers, signal mask and queue, thread ids. */
export class Task {
  sigmask = 0n;
  /** Signals sent to this thread, in arrival order (standard signals are not queued twice). */
  readonly pending: SigInfo[] = [];
  altStack: AltStack = { sp: 0, size: 0, flags: SS_DISABLE };
  /** set_tid_address / CLONE_CHILD_CLEARTID. */
  clearChildTid = 0;
  robustList = 0;
  exited = false;
  /** Running an XOL slot at the architecture's intermediate privilege level (xol-kernel). */
  intermediate = false;
  /** The mask rt_sigsuspend replaced, to be restored when the handler it waited for returns. */
  suspendedMask: bigint | undefined;
  /** Set while the task is blocked in a syscall; `waitingIn` is that syscall's number, for a restart. */
  wait: TaskWait | undefined;
  waitingIn = 0;

  /** A thread's own name; the leader's is its process's comm (/proc/PID/comm). */
  private ownComm: string | undefined;

  constructor(
    /** Becomes the pid when a thread other than the leader execs (de_thread). */
    public tid: number,
    readonly process: Process,
    /** Replaced by exec with the new program's initial registers. */
    public regs: RegisterFile,
  ) {}

  /** The task's comm (prctl PR_SET_NAME, /proc/PID/task/TID/comm): up to 15 bytes. */
  get comm(): string {
    return this.ownComm ?? this.process.comm;
  }

  set comm(name: string) {
    if (this.tid === this.process.pid) {
      this.process.comm = name;
      this.ownComm = undefined;
    } else {
      this.ownComm = name;
    }
  }
}
