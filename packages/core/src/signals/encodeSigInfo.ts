import { Signal } from './Signal.js';
import { type SigInfo } from './SigInfo.js';

/** Signals whose siginfo carries a fault address rather than a sender. */
export const FAULT_SIGNALS: ReadonlySet<number> = new Set<number>([Signal.SIGSEGV, Signal.SIGBUS, Signal.SIGILL, Signal.SIGFPE, Signal.SIGTRAP]);

/** SIGINFO_SIZE: every siginfo_t is this long. */
const SIGINFO_BYTES = 128;

/**
 * A `siginfo_t` as the generic layout has it (x86-64 and arm64 share it): signo, errno and code,
 * then the fault address, or the sender's pid and uid and, for SIGCHLD, the child's status.
 */
export function encodeSigInfo(info: SigInfo): Uint8Array {
  const out = new Uint8Array(SIGINFO_BYTES);
  const view = new DataView(out.buffer);
  view.setInt32(0, info.signo, true);
  view.setInt32(4, info.errno ?? 0, true);
  view.setInt32(8, info.code, true);
  if (FAULT_SIGNALS.has(info.signo) && info.pid === undefined) {
    view.setBigInt64(16, BigInt(info.address ?? 0), true);
  } else {
    view.setInt32(16, info.pid ?? 0, true);
    view.setUint32(20, info.uid ?? 0, true);
    if (info.status !== undefined) view.setInt32(24, info.status, true);
  }
  return out;
}
