import fs from 'node:fs';
import { fixtureBinary, type FixtureEntry, fixtureStdin, fixtureWorkdir, type Libc } from './fixtureManifest.js';
import { type ProgramOutcome } from './ProgramOutcome.js';
import { runEmulated } from './runEmulated.js';
import { runNative } from './runNative.js';

/** A fixture run natively and under the emulator (with `schedule`), each in a fresh copy of its working directory. */
export async function runBothWays(entry: FixtureEntry, libc: Libc, schedule?: { seed: number; quantum: number }): Promise<{ expected: ProgramOutcome; actual: ProgramOutcome }> {
  const binary = fixtureBinary(entry, libc);
  const argv = [`./${entry.binary ?? entry.name}`, ...entry.args];
  const env = Object.entries(entry.env).map(([name, value]) => `${name}=${value}`);
  const stdin = fixtureStdin(entry);
  const nativeDir = fixtureWorkdir(entry);
  const emulatedDir = fixtureWorkdir(entry);
  try {
    const expected = runNative(binary, argv, env, stdin, nativeDir);
    const run = await runEmulated(binary, argv, env, stdin, emulatedDir, schedule);
    return { expected, actual: { stdout: run.stdout, stderr: run.stderr, status: run.status, signal: run.signal } };
  } finally {
    fs.rmSync(nativeDir, { recursive: true, force: true });
    fs.rmSync(emulatedDir, { recursive: true, force: true });
  }
}
