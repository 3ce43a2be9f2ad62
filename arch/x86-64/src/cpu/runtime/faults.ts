import { GuestFault } from '@ubp/core';
import { CpuTrap } from '../CpuTrap.js';
import { ExitReason } from '../ExitReason.js';
import { type X86RegisterFile } from '../state/X86RegisterFile.js';

/**
 * Catch handler of every block: a guest fault or CPU trap stops the block at instruction `n`
 * (which did not retire) and leaves the run loop; anything else is a bug of ours and propagates.
 */
export function fault(s: X86RegisterFile, error: unknown, n: number, addresses: readonly number[]): number {
  if (!(error instanceof GuestFault) && !(error instanceof CpuTrap)) throw error;
  s.rip = addresses[n]!;
  s.exit = ExitReason.Fault;
  s.pendingFault = error;
  return n;
}
