import fs from 'node:fs';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { host } from './hostErrors.js';
import { fromHostStat } from './hostStat.js';
import { type OpenFile } from './OpenFile.js';
import { OpenFlags } from './OpenFlags.js';
import { seekPosition } from './seekPosition.js';
import { type StatInfo } from './StatInfo.js';

/** A regular file (or other host node) opened inside the guest's root. */
export class HostFile implements OpenFile {
  private offset = 0;
  readonly terminal = false;

  constructor(
    private readonly fd: number,
    readonly path: string,
    public statusFlags: number,
  ) {}

  private access(): number {
    return this.statusFlags & OpenFlags.O_ACCMODE;
  }

  read(buffer: Uint8Array, position?: number): number {
    if (this.access() === OpenFlags.O_WRONLY) throw new SyscallError(Errno.EBADF);
    const n = host(() => fs.readSync(this.fd, buffer, 0, buffer.length, position ?? this.offset));
    if (position === undefined) this.offset += n;
    return n;
  }

  write(data: Uint8Array, position?: number): number {
    if (this.access() === OpenFlags.O_RDONLY) throw new SyscallError(Errno.EBADF);
    const at = position ?? ((this.statusFlags & OpenFlags.O_APPEND) !== 0 ? this.stat().size : this.offset);
    const n = host(() => fs.writeSync(this.fd, data, 0, data.length, at));
    if (position === undefined) this.offset = at + n;
    return n;
  }

  seek(offset: number, whence: number): number {
    this.offset = seekPosition(this.offset, this.stat().size, offset, whence);
    return this.offset;
  }

  stat(): StatInfo {
    return fromHostStat(host(() => fs.fstatSync(this.fd, { bigint: true })));
  }

  truncate(length: number): void {
    if (this.access() === OpenFlags.O_RDONLY) throw new SyscallError(Errno.EINVAL);
    host(() => fs.ftruncateSync(this.fd, length));
  }

  release(): void {
    fs.closeSync(this.fd);
  }
}
