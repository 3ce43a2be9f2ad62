import fs from 'node:fs';
import path from 'node:path';
import { HostStream, RunStopped, Session } from '@ubp/core';
import { buildContainer } from '../buildContainer.js';
import { UsageError } from '../UsageError.js';
import { exitStatusOf, killMessage } from './describeTermination.js';
import { loadExecutable } from './loadExecutable.js';
import { type EnvironmentOptions, guestEnvironment } from './runOptions.js';

export interface RunOptions extends EnvironmentOptions {
  readonly root: string | undefined;
  readonly maxInstructions: number | undefined;
  readonly quantum: number;
  readonly seed: number;
  readonly stats: string | undefined;
  readonly verbose: boolean;
}

/** The guest's working directory: ubp's own when it is inside the root, else the root itself. */
function guestCwd(root: string): string {
  const relative = path.relative(root, fs.realpathSync(process.cwd()));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return '/';
  return `/${relative.split(path.sep).join('/')}`;
}

/** `ubp run`: the guest's streams are ours, and so is its exit status. */
export function runCommand(program: string, args: readonly string[], options: RunOptions): number {
  const root = path.resolve(options.root ?? '.');
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) throw new UsageError(`--root ${options.root ?? '.'} is not a directory`);
  const realRoot = fs.realpathSync(root);
  const { executable, arch } = loadExecutable(program, realRoot);
  const session = new Session(buildContainer(arch), executable, {
    root: realRoot,
    cwd: guestCwd(realRoot),
    argv: [program, ...args],
    env: guestEnvironment(options, process.env),
    seed: options.seed,
    maxInstructions: options.maxInstructions,
    quantum: options.quantum,
    stdio: [new HostStream(0), new HostStream(1), new HostStream(2)],
    trace: options.verbose ? (message) => process.stderr.write(`ubp: ${message}\n`) : undefined,
    credentials: { uid: process.getuid?.() ?? 1000, gid: process.getgid?.() ?? 1000 },
    hostname: 'ubp',
  });
  let result;
  try {
    result = session.run();
  } catch (error) {
    if (error instanceof RunStopped) {
      process.stderr.write(`ubp: ${error.message}\n`);
      return error.exitCode;
    }
    throw error;
  }
  const termination = result.termination;
  const status = exitStatusOf(termination);
  if (termination.kind === 'signal') process.stderr.write(`${killMessage(session.process, termination)}\n`);
  if (options.stats !== undefined) {
    const stats = {
      exitCode: status,
      signal: termination.kind === 'signal' ? termination.signal : null,
      guestInstructions: result.guestInstructions,
      wallMs: Math.round(result.wallMs * 1000) / 1000,
      syscalls: result.syscalls,
      peakGuestBytes: result.peakGuestBytes,
      hostPeakRssBytes: process.resourceUsage().maxRSS * 1024,
    };
    fs.writeFileSync(options.stats, `${JSON.stringify(stats, null, 2)}\n`);
  }
  return status;
}
