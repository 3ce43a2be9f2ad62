import { createHash } from 'node:crypto';
import fs from 'node:fs';
import tty from 'node:tty';
import { BufferInput, CapturedOutput, type CostModel, isStrategyName, modelledNsPerHit, RunStopped, type RunResult, type Session, STRATEGY_NAMES, type StrategyName } from '@ubp/core';
import { type ProbeOptions, type ProgramOptions } from '../options/ProgramOptions.js';
import { type BaselineResult, type CompareReport, type StrategyResult } from '../report/CompareReport.js';
import { renderHtml } from '../report/renderHtml.js';
import { renderMarkdown, renderTable } from '../report/renderTable.js';
import { UsageError } from '../UsageError.js';
import { counterRecord } from './counterRecord.js';
import { exitStatusOf } from './describeTermination.js';
import { openSession } from './openSession.js';
import { loadCostModel, placeProbes } from './placeProbes.js';

export interface CompareOptions extends ProgramOptions, ProbeOptions {
  readonly strategies: string | undefined;
  readonly json: boolean;
  readonly markdown: boolean;
  readonly html: string | undefined;
}

interface Outcome {
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly exitCode: number;
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

/** Standard input read once, so that every run sees the same bytes; a terminal gives none. */
function readStdin(): Uint8Array {
  if (tty.isatty(0)) return new Uint8Array(0);
  try {
    return fs.readFileSync(0);
  } catch {
    return new Uint8Array(0);
  }
}

function differences(baseline: Outcome, run: Outcome): string[] {
  const out: string[] = [];
  if (Buffer.compare(baseline.stdout, run.stdout) !== 0) out.push(`stdout differs (${run.stdout.length} bytes vs ${baseline.stdout.length})`);
  if (Buffer.compare(baseline.stderr, run.stderr) !== 0) out.push(`stderr differs (${run.stderr.length} bytes vs ${baseline.stderr.length})`);
  if (baseline.exitCode !== run.exitCode) out.push(`exit status ${run.exitCode} instead of ${baseline.exitCode}`);
  return out;
}

/**
 * `ubp compare`: the program once without probes, then once per strategy with the same probes
 * and the same stdin; each strategy is reported identical or not, with its counters.
 */
export async function compareCommand(program: string, args: readonly string[], options: CompareOptions): Promise<number> {
  const strategies = parseStrategies(options.strategies);
  const costs = loadCostModel(options.costModel);
  const stdin = readStdin();
  const progress = tty.isatty(2) ? (text: string) => process.stderr.write(`\rubp compare: ${text}\x1b[K`) : () => {};

  const run = async (strategy: StrategyName | undefined) => {
    const stdout = new CapturedOutput();
    const stderr = new CapturedOutput();
    const session = await openSession(program, args, options, [new BufferInput(stdin), stdout, stderr], strategy ?? 'xol-vma');
    const placed = strategy === undefined ? [] : placeProbes(session, options, () => {}, () => {});
    let result;
    try {
      result = session.run();
    } catch (error) {
      if (error instanceof RunStopped) throw new UsageError(`${strategy ?? 'unprobed'} run: ${error.message}`);
      throw error;
    }
    const outcome: Outcome = { stdout: stdout.bytes(), stderr: stderr.bytes(), exitCode: exitStatusOf(result.termination) };
    return { session, result, outcome, sites: placed.reduce((n, t) => n + t.sites.length, 0) };
  };

  progress('unprobed run');
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
    progress(`${name} (${index + 1}/${strategies.length})`);
    const probed = await run(name);
    probes = Math.max(probes, probed.sites + probed.session.counters.rejectedProbes);
    results.push(strategyResult(name, probed, base.outcome, costs));
  }
  progress('');
  if (tty.isatty(2)) process.stderr.write('\r\x1b[K');
  const report: CompareReport = { program, probes, baseline, strategies: results };
  const markdown = renderMarkdown(report);
  if (options.html !== undefined) fs.writeFileSync(options.html, renderHtml(report, markdown));
  process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : options.markdown ? markdown : renderTable(report));
  const accepted = results.filter((r) => r.rejectedProbes === 0);
  return accepted.every((r) => r.identical) ? 0 : 1;
}

function strategyResult(name: StrategyName, probed: { session: Session; result: RunResult; outcome: Outcome }, baseline: Outcome, costs: CostModel): StrategyResult {
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
