/** The baseline (unprobed) run of `ubp compare`. */
export interface BaselineResult {
  readonly exitCode: number;
  readonly stdoutSha256: string;
  readonly stderrSha256: string;
  readonly guestInstructions: number;
}

/** One strategy's probed run, in the fields `ubp compare --json` promises (docs/cli.md). */
export interface StrategyResult {
  readonly name: string;
  readonly identical: boolean;
  readonly hits: number;
  readonly missedHits: number;
  readonly rejectedProbes: number;
  readonly breakpointTraps: number;
  readonly stepTraps: number;
  readonly singleSteps: number;
  readonly emulated: number;
  readonly privilegeSwitches: number;
  readonly xolBytes: number;
  readonly visibleMappings: number;
  readonly modelledNsPerHit: number;
  readonly wallMs: number;
  readonly guestInstructions: number;
  /** What differed from the baseline, when something did. */
  readonly differences: readonly string[];
  /** Every counter, for readers who want more than the summary. */
  readonly details: Readonly<Record<string, unknown>>;
}

export interface CompareReport {
  readonly program: string;
  readonly probes: number;
  readonly baseline: BaselineResult;
  readonly strategies: readonly StrategyResult[];
}
