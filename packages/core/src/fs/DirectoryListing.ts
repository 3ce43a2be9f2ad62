import { Errno, SyscallError } from '../kernel/Errno.js';
import { type DirectoryEntry } from './DirectoryEntry.js';
import { type OpenFile } from './OpenFile.js';
import { Whence } from './seekPosition.js';
import { type StatInfo } from './StatInfo.js';

/**
 * An open directory: getdents64 reads its entries from the current position, an entry index
 * (the d_off it reports), which lseek sets (seekdir) and rewinddir resets. The listing is taken once, on first read, like a snapshot.
 */
export abstract class DirectoryListing implements OpenFile {
  private entries: DirectoryEntry[] | undefined;
  private position = 0;
  readonly terminal = false;

  constructor(
    readonly path: string,
    public statusFlags: number,
  ) {}

  protected abstract list(): DirectoryEntry[];
  abstract stat(): StatInfo;

  /** The entries not yet returned. */
  remaining(): DirectoryEntry[] {
    this.entries ??= this.list();
    return this.entries.slice(this.position);
  }

  /** The directory offset: the index of the next entry, which getdents64 reports as d_off and telldir reads back. */
  get offset(): number {
    return this.position;
  }

  /** getdents64 returned `count` more entries. */
  consume(count: number): void {
    this.position += count;
  }

  read(): number {
    throw new SyscallError(Errno.EISDIR);
  }

  write(): number {
    throw new SyscallError(Errno.EBADF);
  }

  seek(offset: number, whence: number): number {
    const target = whence === Whence.SEEK_SET ? offset : whence === Whence.SEEK_CUR ? this.position + offset : -1;
    if (target < 0) throw new SyscallError(Errno.EINVAL);
    this.position = target;
    if (target === 0) this.entries = undefined;
    return target;
  }

  release(): void {}
}
