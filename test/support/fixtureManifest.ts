import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures');

export type Libc = 'musl' | 'glibc';

/** One entry of test/fixtures/fixtures.json: how to run a fixture program. */
export interface FixtureEntry {
  readonly id?: string;
  readonly name: string;
  readonly binary?: string;
  readonly args: readonly string[];
  readonly stdin: string | null;
  readonly env: Readonly<Record<string, string>>;
  readonly files: readonly string[];
  /** A benchmark program (`pnpm bench`): true for the CPU table, or which other table it belongs to. */
  readonly bench?: boolean | 'probe' | 'memory';
  /** Multi-threaded: its output is the same on every schedule, which the thread suites check. */
  readonly threads?: boolean;
  /** Starts other processes: its output is the same on every schedule, which processes.spec.ts checks. */
  readonly processes?: boolean;
}

export function fixtureId(entry: FixtureEntry): string {
  return entry.id ?? entry.name;
}

export function fixtureEntries(): FixtureEntry[] {
  return JSON.parse(fs.readFileSync(path.join(FIXTURES, 'fixtures.json'), 'utf8')) as FixtureEntry[];
}

export function fixtureBinary(entry: FixtureEntry, libc: Libc): string {
  return path.join(FIXTURES, 'bin', 'x86-64', libc, entry.binary ?? entry.name);
}

export function fixtureStdin(entry: FixtureEntry): Uint8Array {
  return entry.stdin === null ? new Uint8Array(0) : fs.readFileSync(path.join(FIXTURES, 'input', entry.stdin));
}

/** A fresh working directory holding the fixture's input files. */
export function fixtureWorkdir(entry: FixtureEntry): string {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(process.env['TMPDIR'] ?? '/tmp'), `ubp-${fixtureId(entry)}-`));
  for (const file of entry.files) fs.copyFileSync(path.join(FIXTURES, 'input', file), path.join(dir, file));
  return dir;
}
