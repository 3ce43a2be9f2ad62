import { Errno, SyscallError } from '../kernel/Errno.js';
import { type OpenFile } from './OpenFile.js';
import { OpenFlags } from './OpenFlags.js';
import { seekPosition } from './seekPosition.js';
import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';

/** A read-only file whose content was generated when it was opened (/proc/self/maps and friends). */
export class MemoryFile implements OpenFile {
  private offset = 0;
  readonly terminal = false;

  constructor(
    readonly path: string,
    protected readonly content: Uint8Array,
    protected readonly ino: number,
    public statusFlags: number = OpenFlags.O_RDONLY,
  ) {}

  read(buffer: Uint8Array, position?: number): number {
    const at = position ?? this.offset;
    const n = Math.max(0, Math.min(buffer.length, this.content.length - at));
    buffer.set(this.content.subarray(at, at + n));
    if (position === undefined) this.offset += n;
    return n;
  }

  write(): number {
    throw new SyscallError(Errno.EBADF);
  }

  seek(offset: number, whence: number): number {
    this.offset = seekPosition(this.offset, this.content.length, offset, whence);
    return this.offset;
  }

  /** Like procfs, the size is reported as 0 even though reads return content. */
  stat(): StatInfo {
    return syntheticStat(FileType.S_IFREG | 0o444, 0, this.ino);
  }

  release(): void {}
}
