import { type EnvironmentOptions } from './parsers.js';

/** Instructions a task runs between scheduling points unless told otherwise. */
export const DEFAULT_QUANTUM = 200_000;

/** How the guest runs: the options `run`, `compare` and `race` share. */
export interface ProgramOptions extends EnvironmentOptions {
  readonly root: string | undefined;
  readonly maxInstructions: number | undefined;
  readonly quantum: number;
  readonly seed: number;
  readonly verbose: boolean;
}

/** Where probes go: the options `run` and `compare` share. */
export interface ProbeOptions {
  readonly probe: readonly string[];
  readonly probeAll: readonly string[];
  readonly event: readonly string[];
  readonly costModel: string | undefined;
}
