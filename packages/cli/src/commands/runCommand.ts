import fs from 'node:fs';
import { formatAddress, HostStream, RunStopped, type StrategyName } from '@ubp/core';
import { type ProbeOptions, type ProgramOptions } from '../options/ProgramOptions.js';
import { counterRecord } from './counterRecord.js';
import { exitStatusOf, killMessage } from './describeTermination.js';
import { UsageError } from '../UsageError.js';
import { openSession } from './openSession.js';
import { loadCostModel, placeProbes } from './placeProbes.js';

export interface RunOptions extends ProgramOptions, ProbeOptions {
  readonly strategy: StrategyName;
  readonly stats: string | undefined;
  readonly trace: string | undefined;
}

/** Opens a file an option names for writing, before the guest runs: a bad path is a usage error, not a lost run. */
function openOutput(option: string, path: string | undefined): number | undefined {
  if (path === undefined) return undefined;
  try {
    return fs.openSync(path, 'w');
  } catch (error) {
    throw new UsageError(`${option} ${path}: cannot write (${(error as { code?: string }).code ?? 'error'})`);
  }
}

/** `ubp run`: the guest's streams are ours, and so is its exit status. */
export async function runCommand(program: string, args: readonly string[], options: RunOptions): Promise<number> {
  const costs = loadCostModel(options.costModel);
  const session = await openSession(program, args, options, [new HostStream(0), new HostStream(1), new HostStream(2)], options.strategy);
  const traceFd = openOutput('--trace', options.trace);
  const statsFd = openOutput('--stats', options.stats);
  try {
    const tallies = placeProbes(session, options, (line) => {
      if (traceFd !== undefined) fs.writeSync(traceFd, line);
    });
    for (const tally of tallies) {
      if (tally.refused.length > 0) process.stderr.write(`ubp: ${tally.spec}: ${tally.refused.length} instruction(s) not probed, e.g. ${tally.refused[0]!.message}\n`);
    }
    let result;
    try {
      result = session.run();
    } catch (error) {
      if (error instanceof RunStopped) {
        process.stderr.write(`ubp: ${error.message}\n`);
        return error.exitCode;
      }
      throw error;
    }
    const termination = result.termination;
    const status = exitStatusOf(termination);
    if (termination.kind === 'signal') process.stderr.write(`${killMessage(session.process, termination)}\n`);
    if (statsFd !== undefined) {
      const stats = {
        exitCode: status,
        signal: termination.kind === 'signal' ? termination.signal : null,
        guestInstructions: result.guestInstructions,
        wallMs: Math.round(result.wallMs * 1000) / 1000,
        syscalls: result.syscalls,
        peakGuestBytes: result.peakGuestBytes,
        hostPeakRssBytes: process.resourceUsage().maxRSS * 1024,
        strategy: tallies.length > 0 ? session.strategyName : null,
        probes: tallies.map((t) => ({ spec: t.spec, sites: t.sites.map((s) => ({ label: s.label, address: formatAddress(s.address), action: s.verdict.action })), hits: t.hits })),
        counters: counterRecord(session.counters, costs),
      };
      fs.writeSync(statsFd, `${JSON.stringify(stats, null, 2)}\n`);
    }
    return status;
  } finally {
    for (const fd of [traceFd, statsFd]) if (fd !== undefined) fs.closeSync(fd);
  }
}
