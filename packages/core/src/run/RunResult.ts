import { type Termination } from '../kernel/Process.js';

/** What one run of a program produced, besides its output: the `--stats` record. */
export interface RunResult {
  readonly termination: Termination;
  readonly guestInstructions: number;
  readonly wallMs: number;
  readonly syscalls: Readonly<Record<string, number>>;
  readonly peakGuestBytes: number;
}
