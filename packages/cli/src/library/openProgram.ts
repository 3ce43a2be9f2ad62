import { BufferInput, CapturedOutput, type Session, type StrategyName } from '@ubp/core';
import { openSession } from '../commands/openSession.js';
import { DEFAULT_QUANTUM } from '../options/ProgramOptions.js';

/** How to start a program from a library: every field is optional. */
export interface OpenProgramOptions {
  /** The guest's arguments after argv[0]. */
  readonly args?: readonly string[];
  /** Added to (or, with `clearEnv`, instead of) this process's environment. */
  readonly env?: Readonly<Record<string, string>>;
  readonly clearEnv?: boolean;
  /** The directory the guest sees as `/` (default: the current directory). */
  readonly root?: string;
  readonly stdin?: string | Uint8Array;
  /** How probed instructions run (default xol-vma). */
  readonly strategy?: StrategyName;
  readonly seed?: number;
  readonly maxInstructions?: number;
  /** Instructions a task runs between scheduling points. */
  readonly quantum?: number;
}

/** A loaded program: add probes to `session`, run it, then read what it printed. */
export interface OpenedProgram {
  readonly session: Session;
  readonly stdout: CapturedOutput;
  readonly stderr: CapturedOutput;
}

/**
 * Loads a static ELF program into an emulated process, ready for probes: the library face of
 * `ubp run`. The architecture comes from the ELF header; stdin is the given bytes and the
 * output is captured. Throws a UsageError or LoadError with a one-line message for a program
 * that cannot be loaded.
 */
export async function openProgram(path: string, options: OpenProgramOptions = {}): Promise<OpenedProgram> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const stdin = typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array());
  const session = await openSession(
    path,
    options.args ?? [],
    {
      root: options.root,
      env: Object.entries(options.env ?? {}).map(([name, value]) => `${name}=${value}`),
      unsetEnv: [],
      clearEnv: options.clearEnv ?? false,
      maxInstructions: options.maxInstructions,
      quantum: options.quantum ?? DEFAULT_QUANTUM,
      seed: options.seed ?? 0,
      verbose: false,
    },
    [new BufferInput(stdin), stdout, stderr],
    options.strategy ?? 'xol-vma',
  );
  return { session, stdout, stderr };
}
