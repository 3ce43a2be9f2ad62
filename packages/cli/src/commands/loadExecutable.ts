import fs from 'node:fs';
import path from 'node:path';
import { type Executable, parseElf, ElfFormatError } from '@ubp/core';
import { archForMachine } from '../buildContainer.js';
import { UsageError } from '../UsageError.js';
import { readProgram } from './readProgram.js';

export interface LocatedExecutable {
  readonly executable: Executable;
  readonly arch: string;
}

/**
 * Reads the program named on the command line (a host path) and picks its architecture from
 * `e_machine`. The guest sees it at its place inside the root, or at `/<name>` when it lives
 * outside the root (it is still loaded, but the guest cannot open it by path).
 */
export function loadExecutable(programPath: string, root: string): LocatedExecutable {
  const { bytes, inode } = readProgram(programPath);
  let machine: number;
  try {
    machine = parseElf(bytes, programPath).header.machine;
  } catch (error) {
    if (error instanceof ElfFormatError) throw new UsageError(`${programPath}: ${error.message}`);
    throw error;
  }
  const arch = archForMachine(machine);
  if (arch === undefined) throw new UsageError(`${programPath}: ELF machine ${machine} is not an architecture ubp knows (x86-64, arm64)`);
  const absolute = fs.realpathSync(programPath);
  const relative = path.relative(root, absolute);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  const guestPath = inside ? `/${relative.split(path.sep).join('/')}` : `/${path.basename(absolute)}`;
  return { executable: { bytes, guestPath, execPath: programPath, inode }, arch };
}
