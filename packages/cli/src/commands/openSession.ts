import fs from 'node:fs';
import path from 'node:path';
import { Session, type StdioEndpoint, type StrategyName } from '@ubp/core';
import { buildContainer } from '../buildContainer.js';
import { type ProgramOptions } from '../options/ProgramOptions.js';
import { guestEnvironment } from '../options/parsers.js';
import { UsageError } from '../UsageError.js';
import { loadExecutable } from './loadExecutable.js';

/** The guest's working directory: ubp's own when it is inside the root, else the root itself. */
function guestCwd(root: string): string {
  const relative = path.relative(root, fs.realpathSync(process.cwd()));
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return '/';
  return `/${relative.split(path.sep).join('/')}`;
}

/** The root directory, checked and made canonical. */
export function resolveRoot(root: string | undefined): string {
  const resolved = path.resolve(root ?? '.');
  if (!fs.existsSync(resolved) || !fs.statSync(resolved).isDirectory()) throw new UsageError(`--root ${root ?? '.'} is not a directory`);
  return fs.realpathSync(resolved);
}

/** Loads the program into a fresh session with the given streams and strategy. */
export async function openSession(program: string, args: readonly string[], options: ProgramOptions, stdio: readonly [StdioEndpoint, StdioEndpoint, StdioEndpoint], strategy: StrategyName): Promise<Session> {
  const root = resolveRoot(options.root);
  const { executable, arch } = loadExecutable(program, root);
  return new Session(
    await buildContainer(arch),
    executable,
    {
      root,
      cwd: guestCwd(root),
      argv: [program, ...args],
      env: guestEnvironment(options, process.env),
      seed: options.seed,
      maxInstructions: options.maxInstructions,
      quantum: options.quantum,
      stdio,
      trace: options.verbose ? (message) => process.stderr.write(`ubp: ${message}\n`) : undefined,
      credentials: { uid: process.getuid?.() ?? 1000, gid: process.getgid?.() ?? 1000 },
      hostname: 'ubp',
    },
    strategy,
  );
}
