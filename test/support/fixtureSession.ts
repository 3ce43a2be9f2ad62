import fs from 'node:fs';
import path from 'node:path';
import { archForMachine, buildContainer } from '@ubp/cli';
import { BufferInput, CapturedOutput, parseElf, Session, type StrategyName } from '@ubp/core';
import { type FixtureEntry, fixtureBinary, fixtureEntries, fixtureId, fixtureStdin, fixtureWorkdir, type Libc } from './fixtureManifest.js';
import { type ProgramOutcome } from './ProgramOutcome.js';

/** An architecture's container of facets, as buildContainer makes it. */
export type ArchContainer = Awaited<ReturnType<typeof buildContainer>>;

/** A fixture loaded into a session that has not run yet: add probes or trap handlers, then `finish()`. */
export interface FixtureSession {
  readonly session: Session;
  readonly entry: FixtureEntry;
  readonly binary: string;
  /** Runs the program to its end, removes its working directory, and returns what it showed. */
  finish(): ProgramOutcome;
}

export function fixtureEntry(id: string): FixtureEntry {
  const entry = fixtureEntries().find((e) => fixtureId(e) === id);
  if (entry === undefined) throw new Error(`no fixture '${id}' in fixtures.json`);
  return entry;
}

/**
 * Opens fixture `id` of one libc build as an in-process session with the given strategy (used by
 * the first probe), its argv, environment and stdin as the manifest gives them, output captured.
 * `container` replaces the architecture's container (to wrap a facet); `args` the manifest's arguments.
 */
export async function openFixture(id: string, libc: Libc, strategy: StrategyName = 'xol-vma', container?: ArchContainer, args?: readonly string[]): Promise<FixtureSession> {
  const entry = fixtureEntry(id);
  const binary = fixtureBinary(entry, libc);
  const bytes = fs.readFileSync(binary);
  const arch = archForMachine(parseElf(bytes, binary).header.machine);
  if (arch === undefined) throw new Error(`${binary}: unknown machine`);
  const name = entry.binary ?? entry.name;
  const workdir = fixtureWorkdir(entry);
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const session = new Session(
    container ?? (await buildContainer(arch)),
    { bytes, guestPath: `/${path.basename(binary)}`, execPath: `./${name}`, inode: fs.statSync(binary).ino },
    {
      root: workdir,
      cwd: '/',
      argv: [`./${name}`, ...(args ?? entry.args)],
      env: Object.entries(entry.env).map(([k, v]) => `${k}=${v}`),
      seed: 0,
      maxInstructions: 2_000_000_000,
      quantum: 200_000,
      stdio: [new BufferInput(fixtureStdin(entry)), stdout, stderr],
      trace: undefined,
      credentials: { uid: 1000, gid: 1000 },
      hostname: 'ubp',
    },
    strategy,
  );
  return {
    session,
    entry,
    binary,
    finish() {
      try {
        const termination = session.run().termination;
        return {
          stdout: Buffer.from(stdout.bytes()).toString('latin1'),
          stderr: Buffer.from(stderr.bytes()).toString('latin1'),
          status: termination.kind === 'exit' ? termination.status : undefined,
          signal: termination.kind === 'signal' ? termination.signal : undefined,
        };
      } finally {
        fs.rmSync(workdir, { recursive: true, force: true });
      }
    },
  };
}
