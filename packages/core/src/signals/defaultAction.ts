import { Signal, SIGRTMIN } from './Signal.js';

export type DefaultAction = 'terminate' | 'core' | 'ignore' | 'stop' | 'continue';

const CORE = new Set<number>([Signal.SIGQUIT, Signal.SIGILL, Signal.SIGTRAP, Signal.SIGABRT, Signal.SIGBUS, Signal.SIGFPE, Signal.SIGSEGV, Signal.SIGXCPU, Signal.SIGXFSZ, Signal.SIGSYS]);
const IGNORE = new Set<number>([Signal.SIGCHLD, Signal.SIGURG, Signal.SIGWINCH]);
const STOP = new Set<number>([Signal.SIGSTOP, Signal.SIGTSTP, Signal.SIGTTIN, Signal.SIGTTOU]);

/** What SIG_DFL does for a signal (signal(7)). */
export function defaultAction(signal: number): DefaultAction {
  if (signal >= SIGRTMIN) return 'terminate';
  if (CORE.has(signal)) return 'core';
  if (IGNORE.has(signal)) return 'ignore';
  if (STOP.has(signal)) return 'stop';
  if (signal === Signal.SIGCONT) return 'continue';
  return 'terminate';
}

/** Signals raised by the faulting instruction itself, which Linux dequeues before any other. */
export const SYNCHRONOUS_SIGNALS = new Set<number>([Signal.SIGSEGV, Signal.SIGBUS, Signal.SIGILL, Signal.SIGTRAP, Signal.SIGFPE, Signal.SIGSYS]);

export function signalBit(signal: number): bigint {
  return 1n << BigInt(signal - 1);
}

/** SIGKILL and SIGSTOP can be neither caught, blocked nor ignored. */
export const UNBLOCKABLE = signalBit(Signal.SIGKILL) | signalBit(Signal.SIGSTOP);
