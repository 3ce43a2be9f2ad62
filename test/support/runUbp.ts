import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnCollected } from './spawnCollected.js';

/** The repository root: the `ubp` command's cwd in these tests, so relative fixture paths work. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The command users run after `pnpm install`: the bin script, which imports the built dist/. */
export const UBP_BIN = path.join(REPO_ROOT, 'packages/cli/bin/ubp.js');
const UBP_MAIN = path.join(REPO_ROOT, 'packages/cli/dist/main.js');

export interface UbpOptions {
  /** Bytes for the command's stdin (default: empty, never the test runner's own stdin). */
  readonly stdin?: string | Uint8Array;
  /** Kill the command after this long (default 60 s); a timeout is an error, not a result. */
  readonly timeoutMs?: number;
  /** The command's environment (default: this process's). */
  readonly env?: NodeJS.ProcessEnv;
  /** The working directory (default: the repository root). */
  readonly cwd?: string;
}

export interface UbpResult {
  /** The exit status; null only if a signal killed `ubp` itself. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout as bytes, for comparisons that must not depend on an encoding. */
  readonly stdoutBytes: Buffer;
  readonly stderrBytes: Buffer;
}

/** Runs `node packages/cli/bin/ubp.js ARGS...` to completion and returns what it did. */
export function runUbp(args: readonly string[], options: UbpOptions = {}): UbpResult {
  if (!fs.existsSync(UBP_MAIN)) throw new Error(`${path.relative(REPO_ROOT, UBP_MAIN)} is missing: run 'pnpm build' before the CLI tests`);
  const timeout = options.timeoutMs ?? 60_000;
  const result = spawnSync(process.execPath, [UBP_BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env: options.env ?? process.env,
    input: options.stdin ?? '',
    timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 1024 * 1024 * 1024,
  });
  const command = `ubp ${args.join(' ')}`;
  if (result.error !== undefined) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ETIMEDOUT') throw new Error(`${command}: still running after ${timeout} ms`);
    throw new Error(`${command}: ${result.error.message}`);
  }
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout.toString('utf8'),
    stderr: result.stderr.toString('utf8'),
    stdoutBytes: result.stdout,
    stderrBytes: result.stderr,
  };
}

/** runUbp without blocking: for tests that run several commands at once. */
export async function runUbpAsync(args: readonly string[], options: UbpOptions = {}): Promise<UbpResult> {
  if (!fs.existsSync(UBP_MAIN)) throw new Error(`${path.relative(REPO_ROOT, UBP_MAIN)} is missing: run 'pnpm build' before the CLI tests`);
  const run = await spawnCollected(process.execPath, [UBP_BIN, ...args], { ...options, cwd: options.cwd ?? REPO_ROOT });
  return { ...run, stdout: run.stdout.toString('utf8'), stderr: run.stderr.toString('utf8'), stdoutBytes: run.stdout, stderrBytes: run.stderr };
}
