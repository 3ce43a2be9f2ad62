import fs from 'node:fs';
import { type CostModel, costModelFrom, DEFAULT_COSTS, ProbeRefused, type ProbeSite, type Session } from '@ubp/core';
import { type ProbeOptions } from '../options/ProgramOptions.js';
import { UsageError } from '../UsageError.js';

/** A probe the command line asked for, with the hits it counted. */
export interface ProbeTally {
  readonly spec: string;
  readonly sites: ProbeSite[];
  hits: number;
  /** Instructions of a --probe-all function that the strategy refused, and why. */
  readonly refused: ProbeRefused[];
}

/**
 * Places every probe the options name, each with a consumer that counts its hits. `--event`
 * probes write trace lines to `trace`. Throws ProbeError when one cannot be placed, except that
 * with `refused` given, probes the strategy refuses are skipped and reported there; the
 * instructions of a --probe-all function the strategy refuses are always skipped, and listed in
 * their tally.
 */
export function placeProbes(session: Session, options: ProbeOptions, trace: (line: string) => void, refused?: (error: ProbeRefused) => void): ProbeTally[] {
  const tallies: ProbeTally[] = [];
  const counting = (tally: ProbeTally) => ({
    handler: () => {
      tally.hits++;
    },
  });
  const place = (tally: ProbeTally, add: () => ProbeSite): void => {
    try {
      tally.sites.push(add());
    } catch (error) {
      if (!(error instanceof ProbeRefused) || refused === undefined) throw error;
      refused(error);
    }
  };
  for (const spec of options.probe) {
    const tally: ProbeTally = { spec, sites: [], hits: 0, refused: [] };
    place(tally, () => session.probe(spec, counting(tally)));
    tallies.push(tally);
  }
  for (const symbol of options.probeAll) {
    const tally: ProbeTally = { spec: `${symbol}:*`, sites: [], hits: 0, refused: [] };
    tally.sites.push(
      ...session.probeAll(symbol, counting(tally), (error) => {
        tally.refused.push(error);
        refused?.(error);
      }),
    );
    tallies.push(tally);
  }
  for (const definition of options.event) {
    const tally: ProbeTally = { spec: definition, sites: [], hits: 0, refused: [] };
    place(tally, () =>
      session.event(definition, (line) => {
        tally.hits++;
        trace(line);
      }),
    );
    tallies.push(tally);
  }
  return tallies;
}

/** The cost model: the defaults, or a JSON file's overrides of them. */
export function loadCostModel(file: string | undefined): CostModel {
  if (file === undefined) return DEFAULT_COSTS;
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--cost-model ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new UsageError(`--cost-model ${file}: expected a JSON object`);
  try {
    return costModelFrom(parsed as Record<string, unknown>);
  } catch (error) {
    throw new UsageError(`--cost-model ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
