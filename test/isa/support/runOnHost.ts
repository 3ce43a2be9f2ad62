import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type IsaCase, type IsaResult } from './IsaState.js';
import { CODE_ADDRESS, SCRATCH_ADDRESS, SCRATCH_SIZE } from './layout.js';
import { decodeResults, encodeCases } from './protocol.js';

const SOURCE = fileURLToPath(new URL('../runner/isarunner.c', import.meta.url));
const DEFINES = [`-DSCRATCH_ADDRESS=0x${SCRATCH_ADDRESS.toString(16)}UL`, `-DSCRATCH_SIZE=${SCRATCH_SIZE}`, `-DCODE_ADDRESS=0x${CODE_ADDRESS.toString(16)}UL`];
const FLAGS = ['-O2', '-Wall', '-U_FORTIFY_SOURCE', ...DEFINES];

export type HostSupport = { readonly available: true; readonly runner: string } | { readonly available: false; readonly reason: string };

let support: HostSupport | undefined;

/** The native runner, built once per process (cached on disk by a hash of its source), or why there is none. */
export function hostSupport(): HostSupport {
  support ??= buildRunner();
  return support;
}

/** Why host comparisons are skipped, or undefined when they run. */
export function hostSkipReason(): string | undefined {
  const s = hostSupport();
  return s.available ? undefined : `isa: host comparison skipped: ${s.reason}`;
}

function compile(flags: readonly string[], output: string): { missing: boolean; ok: boolean; log: string } {
  const gcc = spawnSync('gcc', [...flags, SOURCE, '-o', output], { encoding: 'utf8' });
  return { missing: gcc.error !== undefined, ok: gcc.status === 0, log: gcc.stderr };
}

function buildRunner(): HostSupport {
  if (process.platform !== 'linux' || process.arch !== 'x64') return { available: false, reason: `the host is ${process.platform}/${process.arch}, not x86-64 Linux` };
  const hash = createHash('sha256').update(readFileSync(SOURCE)).update(FLAGS.join(' ')).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'ubp-isa');
  mkdirSync(dir, { recursive: true });
  const runner = join(dir, `isarunner-${hash}`);
  if (existsSync(runner)) return { available: true, runner };
  // Built under a private name and renamed: parallel workers may build at the same time.
  const partial = `${runner}.${process.pid}.tmp`;
  let build = compile(['-static', ...FLAGS], partial);
  if (build.missing) return { available: false, reason: 'gcc is not installed' };
  if (!build.ok) build = compile(FLAGS, partial); // no static libc: a dynamic runner does as well
  if (!build.ok) throw new Error(`building isarunner failed:\n${build.log}`);
  renameSync(partial, runner);
  return { available: true, runner };
}

/** Runs every case on the host processor, in one runner process. */
export function runOnHost(cases: readonly IsaCase[]): IsaResult[] {
  const s = hostSupport();
  if (!s.available) throw new Error(`cannot run on the host: ${s.reason}`);
  if (cases.length === 0) return [];
  const run = spawnSync(s.runner, [], { input: encodeCases(cases), maxBuffer: 1 << 30 });
  if (run.error !== undefined) throw run.error;
  if (run.status !== 0) throw new Error(`isarunner exited with ${run.status ?? run.signal}: ${run.stderr.toString()}`);
  return decodeResults(run.stdout, cases);
}
