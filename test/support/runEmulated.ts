import fs from 'node:fs';
import path from 'node:path';
import { BufferInput, CapturedOutput, type RunResult, Session } from '@ubp/core';
import { archForMachine, buildContainer } from '@ubp/cli';
import { parseElf } from '@ubp/core';
import { type ProgramOutcome } from './ProgramOutcome.js';

export interface EmulatedRun extends ProgramOutcome {
  readonly result: RunResult;
}

/**
 * Runs a program under the emulator in this process, with `cwd` as the guest's root, the same
 * argv, environment and stdin a native run gets, and its output captured.
 */
export async function runEmulated(binary: string, argv: readonly string[], env: readonly string[], stdin: Uint8Array, cwd: string, schedule: { seed: number; quantum: number } = { seed: 0, quantum: 200_000 }): Promise<EmulatedRun> {
  const bytes = fs.readFileSync(binary);
  const arch = archForMachine(parseElf(bytes, binary).header.machine);
  if (arch === undefined) throw new Error(`${binary}: unknown machine`);
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const session = new Session(
    await buildContainer(arch),
    { bytes, guestPath: `/${path.basename(binary)}`, execPath: argv[0] ?? binary, inode: fs.statSync(binary).ino },
    {
      root: cwd,
      cwd: '/',
      argv,
      env,
      seed: schedule.seed,
      maxInstructions: 20_000_000_000,
      quantum: schedule.quantum,
      stdio: [new BufferInput(stdin), stdout, stderr],
      trace: undefined,
      credentials: { uid: process.getuid?.() ?? 1000, gid: process.getgid?.() ?? 1000 },
      hostname: 'ubp',
    },
  );
  const result = session.run();
  const termination = result.termination;
  return {
    stdout: Buffer.from(stdout.bytes()).toString('latin1'),
    stderr: Buffer.from(stderr.bytes()).toString('latin1'),
    status: termination.kind === 'exit' ? termination.status : undefined,
    signal: termination.kind === 'signal' ? termination.signal : undefined,
    result,
  };
}
