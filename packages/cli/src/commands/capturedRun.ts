import fs from 'node:fs';
import tty from 'node:tty';
import { BufferInput, CapturedOutput, RunStopped, type RunResult, type Session, type StrategyName } from '@ubp/core';
import { type ProbeOptions, type ProgramOptions } from '../options/ProgramOptions.js';
import { UsageError } from '../UsageError.js';
import { exitStatusOf } from './describeTermination.js';
import { openSession } from './openSession.js';
import { placeProbes } from './placeProbes.js';

/** What a run printed and how it ended: what probed runs are held to. */
export interface Outcome {
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly exitCode: number;
}

export interface CapturedRun {
  readonly session: Session;
  readonly result: RunResult;
  readonly outcome: Outcome;
  /** Probe sites placed (refused ones are skipped and counted by the session). */
  readonly sites: number;
}

/** Standard input read once, so that every run sees the same bytes; a terminal gives none. */
export function readStdin(): Uint8Array {
  if (tty.isatty(0)) return new Uint8Array(0);
  try {
    return fs.readFileSync(0);
  } catch {
    return new Uint8Array(0);
  }
}

/** How a probed run's outcome differs from the unprobed one, in words; empty when identical. */
export function differences(baseline: Outcome, run: Outcome): string[] {
  const out: string[] = [];
  if (Buffer.compare(baseline.stdout, run.stdout) !== 0) out.push(`stdout differs (${run.stdout.length} bytes vs ${baseline.stdout.length})`);
  if (Buffer.compare(baseline.stderr, run.stderr) !== 0) out.push(`stderr differs (${run.stderr.length} bytes vs ${baseline.stderr.length})`);
  if (baseline.exitCode !== run.exitCode) out.push(`exit status ${run.exitCode} instead of ${baseline.exitCode}`);
  return out;
}

/**
 * One run with captured output: unprobed when `strategy` is undefined, else with the options'
 * probes under it (refused ones skipped). A runaway or deadlocked guest is an error of the command.
 */
export async function runCaptured(program: string, args: readonly string[], options: ProgramOptions & ProbeOptions, stdin: Uint8Array, strategy: StrategyName | undefined): Promise<CapturedRun> {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const session = await openSession(program, args, options, [new BufferInput(stdin), stdout, stderr], strategy ?? 'xol-vma');
  const placed = strategy === undefined ? [] : placeProbes(session, options, () => {}, () => {});
  let result;
  try {
    result = session.run();
  } catch (error) {
    if (error instanceof RunStopped) throw new UsageError(`${strategy ?? 'unprobed'} run (seed ${options.seed}): ${error.message}`);
    throw error;
  }
  const outcome: Outcome = { stdout: stdout.bytes(), stderr: stderr.bytes(), exitCode: exitStatusOf(result.termination) };
  return { session, result, outcome, sites: placed.reduce((n, t) => n + t.sites.length, 0) };
}

/** Progress on stderr when it is a terminal; a no-op otherwise. */
export function progressLine(command: string): { show(text: string): void; done(): void } {
  const terminal = tty.isatty(2);
  return {
    show: (text) => {
      if (terminal) process.stderr.write(`\rubp ${command}: ${text}\x1b[K`);
    },
    done: () => {
      if (terminal) process.stderr.write('\r\x1b[K');
    },
  };
}
