/** What a run of a program shows from the outside: the bytes it wrote and how it ended. */
export interface ProgramOutcome {
  readonly stdout: string;
  readonly stderr: string;
  /** Exit status, or undefined when a signal killed it. */
  readonly status: number | undefined;
  /** The signal number that killed it. */
  readonly signal: number | undefined;
}
