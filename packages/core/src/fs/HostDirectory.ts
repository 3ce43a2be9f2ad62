import fs from 'node:fs';
import path from 'node:path';
import { type DirectoryEntry, DirentType } from './DirectoryEntry.js';
import { DirectoryListing } from './DirectoryListing.js';
import { host } from './hostErrors.js';
import { fromHostStat } from './hostStat.js';
import { type StatInfo } from './StatInfo.js';

function direntType(entry: fs.Dirent): number {
  if (entry.isDirectory()) return DirentType.DT_DIR;
  if (entry.isFile()) return DirentType.DT_REG;
  if (entry.isSymbolicLink()) return DirentType.DT_LNK;
  if (entry.isFIFO()) return DirentType.DT_FIFO;
  if (entry.isCharacterDevice()) return DirentType.DT_CHR;
  if (entry.isSocket()) return DirentType.DT_SOCK;
  return DirentType.DT_UNKNOWN;
}

/** A directory inside the root. */
export class HostDirectory extends DirectoryListing {
  constructor(
    private readonly hostPath: string,
    guestPath: string,
    statusFlags: number,
    /** Inode of the parent, for `..` (the root is its own parent). */
    private readonly parentIno: number,
  ) {
    super(guestPath, statusFlags);
  }

  stat(): StatInfo {
    return fromHostStat(host(() => fs.statSync(this.hostPath, { bigint: true })));
  }

  protected list(): DirectoryEntry[] {
    const children = host(() => fs.readdirSync(this.hostPath, { withFileTypes: true })).map((entry) => ({
      name: entry.name,
      ino: Number(host(() => fs.lstatSync(path.join(this.hostPath, entry.name), { bigint: true })).ino & 0x1fffffffffffffn),
      type: direntType(entry),
    }));
    return [
      { name: '.', ino: this.stat().ino, type: DirentType.DT_DIR },
      { name: '..', ino: this.parentIno, type: DirentType.DT_DIR },
      ...children,
    ];
  }
}
