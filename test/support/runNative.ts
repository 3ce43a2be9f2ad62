import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { type ProgramOutcome } from './ProgramOutcome.js';

/** Runs a program on the host: the oracle every emulated run is compared with. */
export function runNative(binary: string, argv: readonly string[], env: readonly string[], stdin: Uint8Array, cwd: string): ProgramOutcome {
  const result = spawnSync(binary, argv.slice(1), {
    argv0: argv[0],
    cwd,
    env: Object.fromEntries(env.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])),
    input: stdin,
    maxBuffer: 256 * 1024 * 1024,
    timeout: 60_000,
  });
  if (result.error !== undefined) throw result.error;
  return {
    stdout: result.stdout.toString('latin1'),
    stderr: result.stderr.toString('latin1'),
    status: result.status ?? undefined,
    signal: result.signal === null ? undefined : os.constants.signals[result.signal],
  };
}
