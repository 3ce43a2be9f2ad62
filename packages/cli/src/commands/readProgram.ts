import fs from 'node:fs';
import { UsageError } from '../UsageError.js';

const WHY: Readonly<Record<string, string>> = { ENOENT: 'no such file', EISDIR: 'is a directory', EACCES: 'permission denied' };

/** The bytes of a program named on the command line; an unreadable one is a usage error with one line. */
export function readProgram(path: string): { bytes: Uint8Array; inode: number } {
  try {
    return { bytes: fs.readFileSync(path), inode: fs.statSync(path).ino };
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'error';
    throw new UsageError(`cannot read ${path}: ${WHY[code] ?? code}`);
  }
}
