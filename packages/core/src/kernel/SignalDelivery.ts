import { GuestFault } from '../memory/GuestFault.js';
import { SYNCHRONOUS_SIGNALS, defaultAction, signalBit, UNBLOCKABLE } from '../signals/defaultAction.js';
import { Signal } from '../signals/Signal.js';
import { type SigInfo } from '../signals/SigInfo.js';
import { SaFlags, SIG_DFL, SIG_IGN, type SignalAction } from '../signals/SignalAction.js';
import { type Kernel } from './Kernel.js';
import { type Process } from './Process.js';
import { endProcess } from './processExit.js';
import { SS_DISABLE, SS_ONSTACK, type Task } from './Task.js';

const DEFAULT_ACTION: SignalAction = { handler: SIG_DFL, flags: 0, restorer: 0, mask: 0n };

/** Why a fatal synchronous signal was raised, kept until it is delivered. */
interface FaultNote {
  readonly detail: string;
  readonly pc: number;
}

/** Sending, queueing and delivering signals (kernel/signal.c and the arch's signal frame). */
export class SignalDelivery {
  private readonly notes = new WeakMap<SigInfo, FaultNote>();

  constructor(private readonly kernel: Kernel) {}

  action(process: Process, signal: number): SignalAction {
    return process.actions.get(signal) ?? DEFAULT_ACTION;
  }

  /** Queues a signal for one thread; a standard signal already pending is not queued twice. */
  send(task: Task, info: SigInfo): void {
    if (info.signo < 32 && task.pending.some((p) => p.signo === info.signo)) return;
    if (this.action(task.process, info.signo).handler === SIG_IGN && !SYNCHRONOUS_SIGNALS.has(info.signo)) return;
    task.pending.push(info);
  }

  /** A process-directed signal goes to the first thread that does not block it. */
  sendToProcess(process: Process, info: SigInfo): void {
    const live = process.tasks.filter((t) => !t.exited);
    const target = live.find((t) => (t.sigmask & signalBit(info.signo)) === 0n) ?? live[0];
    if (target !== undefined) this.send(target, info);
  }

  /**
   * A signal raised by the instruction itself (force_sig_fault): if the guest blocks or ignores
   * it, Linux resets it to the default action, which kills.
   */
  force(task: Task, info: SigInfo, detail: string, pc: number): void {
    const bit = signalBit(info.signo);
    const action = this.action(task.process, info.signo);
    if ((task.sigmask & bit) !== 0n || action.handler === SIG_IGN) {
      task.process.actions.delete(info.signo);
      task.sigmask &= ~bit;
    }
    this.notes.set(info, { detail, pc });
    task.pending.unshift(info);
  }

  private next(task: Task): SigInfo | undefined {
    const deliverable = (info: SigInfo): boolean => (task.sigmask & signalBit(info.signo) & ~UNBLOCKABLE) === 0n;
    const synchronous = task.pending.findIndex((p) => SYNCHRONOUS_SIGNALS.has(p.signo) && deliverable(p));
    let index = synchronous;
    if (index < 0) {
      let best = -1;
      task.pending.forEach((p, i) => {
        if (deliverable(p) && (best < 0 || p.signo < task.pending[best]!.signo)) best = i;
      });
      index = best;
    }
    if (index < 0) return undefined;
    return task.pending.splice(index, 1)[0];
  }

  /**
   * The signal that cuts a blocked `task`'s wait short: pending, not blocked, and not one the
   * task would ignore (a signal that is dropped wakes nothing, as signal_pending sees it).
   */
  interrupting(task: Task): number | undefined {
    for (const info of task.pending) {
      if ((task.sigmask & signalBit(info.signo) & ~UNBLOCKABLE) !== 0n) continue;
      const action = this.action(task.process, info.signo);
      if (action.handler === SIG_IGN) continue;
      if (action.handler === SIG_DFL && ['ignore', 'continue', 'stop'].includes(defaultAction(info.signo))) continue;
      return info.signo;
    }
    return undefined;
  }

  /** Whether a syscall that `signal` interrupted runs again after its handler (SA_RESTART) instead of failing with EINTR. */
  restarts(process: Process, signal: number): boolean {
    const action = this.action(process, signal);
    return action.handler !== SIG_DFL && action.handler !== SIG_IGN && (action.flags & SaFlags.SA_RESTART) !== 0;
  }

  /** Delivers every pending, unblocked signal of `task` (get_signal + handle_signal). */
  deliver(task: Task): void {
    const process = task.process;
    for (let info = this.next(task); info !== undefined && process.termination === undefined; info = this.next(task)) {
      const action = this.action(process, info.signo);
      if (action.handler === SIG_IGN) continue;
      if (action.handler === SIG_DFL) {
        this.defaultFor(task, info);
        continue;
      }
      this.runHandler(task, info, action);
      return;
    }
  }

  private defaultFor(task: Task, info: SigInfo): void {
    const kind = defaultAction(info.signo);
    if (kind === 'ignore' || kind === 'continue' || kind === 'stop') return;
    const note = this.notes.get(info);
    endProcess(this.kernel, task.process, { kind: 'signal', signal: info.signo, coreDumped: kind === 'core', pc: note?.pc, detail: note?.detail });
  }

  private runHandler(task: Task, info: SigInfo, action: SignalAction): void {
    const process = task.process;
    const alt = task.altStack;
    const sp = task.regs.sp;
    const onAlt = alt.flags !== SS_DISABLE && sp > alt.sp && sp <= alt.sp + alt.size;
    const useAlt = (action.flags & SaFlags.SA_ONSTACK) !== 0 && alt.flags !== SS_DISABLE && !onAlt;
    try {
      this.kernel.facets.abi.signalFrame.push(task.regs, process.memory, {
        signal: info.signo,
        info,
        action,
        savedMask: task.suspendedMask ?? task.sigmask,
        altStack: { ...alt, flags: onAlt ? SS_ONSTACK : alt.flags },
        altStackTop: useAlt ? alt.sp + alt.size : undefined,
      });
    } catch (error) {
      if (!(error instanceof GuestFault)) throw error;
      // No room for the frame: Linux kills the task with SIGSEGV (force_sigsegv).
      endProcess(this.kernel, process, { kind: 'signal', signal: Signal.SIGSEGV, coreDumped: true, pc: task.regs.pc, detail: `no room for a ${info.signo} signal frame (${error.describe()})` });
      return;
    }
    // The frame saved the mask rt_sigsuspend replaced; the handler itself runs under the temporary one.
    task.suspendedMask = undefined;
    task.sigmask |= action.mask;
    if ((action.flags & SaFlags.SA_NODEFER) === 0) task.sigmask |= signalBit(info.signo);
    task.sigmask &= ~UNBLOCKABLE;
    if ((action.flags & SaFlags.SA_RESETHAND) !== 0) process.actions.delete(info.signo);
  }
}
