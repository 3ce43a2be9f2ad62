import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { type CostModel, isStrategyName, modelledNsPerHit, STRATEGY_NAMES, type StrategyName } from '@ubp/core';
import { type ProbeOptions, type ProgramOptions } from '../options/ProgramOptions.js';
import { type BaselineResult, type CompareReport, type StrategyResult } from '../report/CompareReport.js';
import { renderHtml } from '../report/renderHtml.js';
import { renderMarkdown, renderTable } from '../report/renderTable.js';
import { UsageError } from '../UsageError.js';
import { type CapturedRun, differences, type Outcome, progressLine, readStdin, runCaptured } from './capturedRun.js';
import { counterRecord } from './counterRecord.js';
import { loadCostModel } from './placeProbes.js';

export interface CompareOptions extends ProgramOptions, ProbeOptions {
  readonly strategies: string | undefined;
  readonly json: boolean;
  readonly markdown: boolean;
  readonly html: string | undefined;
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function parseStrategies(list: string | undefined): StrategyName[] {
  if (list === undefined) return [...STRATEGY_NAMES];
  const names = list.split(',').map((n) => n.trim()).filter((n) => n !== '');
  for (const name of names) if (!isStrategyName(name)) throw new UsageError(`unknown strategy '${name}' (known: ${STRATEGY_NAMES.join(', ')})`);
  if (names.length === 0) throw new UsageError('--strategies needs at least one strategy');
  return names as StrategyName[];
}

/**
 * `ubp compare`: the program once without probes, then once per strategy with the same probes
 * and the same stdin; each strategy is reported identical or not, with its counters.
 */
export async function compareCommand(program: string, args: readonly string[], options: CompareOptions): Promise<number> {
  const strategies = parseStrategies(options.strategies);
  const costs = loadCostModel(options.costModel);
  const stdin = readStdin();
  const progress = progressLine('compare');
  const run = (strategy: StrategyName | undefined) => runCaptured(program, args, options, stdin, strategy);

  progress.show('unprobed run');
  const base = await run(undefined);
  const baseline: BaselineResult = {
    exitCode: base.outcome.exitCode,
    stdoutSha256: sha256(base.outcome.stdout),
    stderrSha256: sha256(base.outcome.stderr),
    guestInstructions: base.result.guestInstructions,
  };
  const results: StrategyResult[] = [];
  let probes = 0;
  for (const [index, name] of strategies.entries()) {
    progress.show(`${name} (${index + 1}/${strategies.length})`);
    const probed = await run(name);
    probes = Math.max(probes, probed.sites + probed.session.counters.rejectedProbes);
    results.push(strategyResult(name, probed, base.outcome, costs));
  }
  progress.done();
  const report: CompareReport = { program, probes, baseline, strategies: results };
  const markdown = renderMarkdown(report);
  if (options.html !== undefined) fs.writeFileSync(options.html, renderHtml(report, markdown));
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : options.markdown ? markdown : renderTable(report));
  const accepted = results.filter((r) => r.rejectedProbes === 0);
  return accepted.every((r) => r.identical) ? 0 : 1;
}

function strategyResult(name: StrategyName, probed: CapturedRun, baseline: Outcome, costs: CostModel): StrategyResult {
  const c = probed.session.counters;
  const diff = differences(baseline, probed.outcome);
  return {
    name,
    identical: diff.length === 0,
    hits: c.hits + c.returnHits,
    missedHits: c.missedHits,
    rejectedProbes: c.rejectedProbes,
    breakpointTraps: c.breakpointTraps,
    stepTraps: c.stepTraps,
    singleSteps: c.singleSteps,
    emulated: c.emulated + c.simulated,
    privilegeSwitches: c.privilegeSwitches,
    xolBytes: c.xolBytes,
    visibleMappings: c.visibleMappings,
    modelledNsPerHit: Math.round(modelledNsPerHit(c, costs) * 10) / 10,
    wallMs: Math.round(probed.result.wallMs * 10) / 10,
    guestInstructions: probed.result.guestInstructions,
    differences: diff,
    details: counterRecord(c, costs),
  };
}
