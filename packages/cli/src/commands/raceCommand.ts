import { type StrategyName } from '@ubp/core';
import { type ProbeOptions, type ProgramOptions } from '../options/ProgramOptions.js';
import { renderRaceMarkdown, renderRaceTable, type RaceReport, type RaceStrategy } from '../report/renderRace.js';
import { differences, progressLine, readStdin, runCaptured } from './capturedRun.js';
import { parseStrategies } from './compareCommand.js';

export interface RaceOptions extends ProgramOptions, ProbeOptions {
  readonly strategies: string | undefined;
  readonly seeds: number;
  readonly json: boolean;
  readonly markdown: boolean;
}

/**
 * `ubp race`: the program under `seeds` schedules (seeds seed..seed+N-1 with the same quantum),
 * unprobed and then probed under each strategy with the same seed. A run diverges when its
 * output or exit status differs from the unprobed run of its seed; missed hits and slot waits
 * are summed; the worst seed is the one that diverged, or else lost the most hits.
 */
export async function raceCommand(program: string, args: readonly string[], options: RaceOptions): Promise<number> {
  const strategies = parseStrategies(options.strategies);
  const stdin = readStdin();
  const progress = progressLine('race');
  const tallies = new Map<StrategyName, RaceStrategy & { worstScore: number }>(
    strategies.map((name) => [name, { name, runs: 0, divergentRuns: 0, missedHits: 0, slotWaits: 0, worstSeed: null, worstScore: 0 }]),
  );
  for (let k = 0; k < options.seeds; k++) {
    const seed = options.seed + k;
    const seeded = { ...options, seed };
    progress.show(`seed ${seed} (${k + 1}/${options.seeds}): unprobed`);
    const baseline = await runCaptured(program, args, seeded, stdin, undefined);
    for (const name of strategies) {
      progress.show(`seed ${seed} (${k + 1}/${options.seeds}): ${name}`);
      const probed = await runCaptured(program, args, seeded, stdin, name);
      const tally = tallies.get(name)!;
      const counters = probed.session.counters;
      const diverged = differences(baseline.outcome, probed.outcome).length > 0;
      tally.runs++;
      if (diverged) tally.divergentRuns++;
      tally.missedHits += counters.missedHits;
      tally.slotWaits += counters.slotWaits;
      // A divergence outranks any number of missed hits.
      const score = diverged ? Number.MAX_SAFE_INTEGER : counters.missedHits;
      if (score > tally.worstScore) {
        tally.worstScore = score;
        tally.worstSeed = seed;
      }
    }
  }
  progress.done();
  const report: RaceReport = {
    program,
    seeds: options.seeds,
    quantum: options.quantum,
    strategies: [...tallies.values()].map(({ worstScore: _, ...strategy }) => strategy),
  };
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : options.markdown ? renderRaceMarkdown(report) : renderRaceTable(report));
  return report.strategies.every((s) => s.divergentRuns === 0) ? 0 : 1;
}
