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
    return [
      { name: '.', ino: this.stat().ino, type: DirentType.DT_DIR },
      { name: '..', ino: this.parentIno, type: DirentType.DT_DIR },
      ...this.children(),
    ];
  }

  /**
   * The entries in the order the host's getdents gives them (ext4 orders them by a hash of the
   * name), since programs such as find and ls -f print them in that order; readdirSync would sort
   * them by name. Node leaves out the host's `.` and `..`, which Linux's file systems list first,
   * where list() puts ours.
   */
  private children(): DirectoryEntry[] {
    const directory = host(() => fs.opendirSync(this.hostPath));
    const children: DirectoryEntry[] = [];
    try {
      for (;;) {
        const entry = host(() => directory.readSync());
        if (entry === null) break;
        const ino = host(() => fs.lstatSync(path.join(this.hostPath, entry.name), { bigint: true })).ino;
        children.push({ name: entry.name, ino: Number(ino & 0x1fffffffffffffn), type: direntType(entry) });
      }
    } finally {
      directory.closeSync();
    }
    return children;
  }
}
