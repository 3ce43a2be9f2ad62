import { SiCode, Signal } from '../signals/Signal.js';
import { type Process } from './Process.js';
import { type SignalDelivery } from './SignalDelivery.js';

/** ITIMER_REAL of one process: when it next expires and its reload interval (0: one shot), in virtual ns. */
export interface RealTimer {
  readonly deadlineNs: number;
  readonly intervalNs: number;
}

/**
 * The ITIMER_REAL timers of every process (setitimer, alarm) on the virtual clock. Expiry is seen
 * at the kernel's scheduling points, at most a time slice late, as a timer interrupt would be;
 * when every task sleeps, the clock jumps to the next expiry like to any other deadline.
 */
export class RealTimers {
  private readonly armed = new Map<Process, RealTimer>();

  constructor(private readonly signals: SignalDelivery) {}

  get(process: Process): RealTimer | undefined {
    return this.armed.get(process);
  }

  /** Arms (or with undefined, disarms) the process's timer; returns the previous one. */
  set(process: Process, timer: RealTimer | undefined): RealTimer | undefined {
    const previous = this.armed.get(process);
    if (timer === undefined) this.armed.delete(process);
    else this.armed.set(process, timer);
    return previous;
  }

  /** Sends SIGALRM for every timer due at `nowNs` and reloads the periodic ones past it. */
  fire(nowNs: number): void {
    for (const [process, timer] of this.armed) {
      if (timer.deadlineNs > nowNs) continue;
      // An itimer's SIGALRM comes from the kernel (SI_KERNEL), not from a POSIX timer (SI_TIMER).
      this.signals.sendToProcess(process, { signo: Signal.SIGALRM, code: SiCode.SI_KERNEL, pid: 0, uid: 0 });
      if (timer.intervalNs === 0) {
        this.armed.delete(process);
        continue;
      }
      // Expiries missed while the process could not run are one signal, as for a pending signal.
      const missed = Math.floor((nowNs - timer.deadlineNs) / timer.intervalNs) + 1;
      this.armed.set(process, { deadlineNs: timer.deadlineNs + missed * timer.intervalNs, intervalNs: timer.intervalNs });
    }
  }

  /** The earliest expiry, if any timer is armed. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const timer of this.armed.values()) if (next === undefined || timer.deadlineNs < next) next = timer.deadlineNs;
    return next;
  }
}

