import { Errno, SyscallError } from '../kernel/Errno.js';
import { type OpenFile } from './OpenFile.js';

interface Descriptor {
  readonly file: OpenFile;
  cloexec: boolean;
}

/** RLIMIT_NOFILE's usual soft limit. */
export const MAX_DESCRIPTORS = 1024;

/**
 * A process's file descriptor table. Open file descriptions are reference counted, so a file is
 * released when its last descriptor (in any table sharing it after fork) is closed.
 */
export class FdTable {
  private readonly slots = new Map<number, Descriptor>();
  private readonly refs: Map<OpenFile, number>;

  constructor(refs = new Map<OpenFile, number>()) {
    this.refs = refs;
  }

  get(fd: number): OpenFile {
    const slot = this.slots.get(fd);
    if (slot === undefined) throw new SyscallError(Errno.EBADF);
    return slot.file;
  }

  has(fd: number): boolean {
    return this.slots.has(fd);
  }

  /** The lowest free descriptor at or above `from`. */
  lowestFree(from = 0): number {
    for (let fd = from; fd < MAX_DESCRIPTORS; fd++) if (!this.slots.has(fd)) return fd;
    throw new SyscallError(Errno.EMFILE);
  }

  open(file: OpenFile, cloexec: boolean, from = 0): number {
    const fd = this.lowestFree(from);
    this.install(fd, file, cloexec);
    return fd;
  }

  /** Puts `file` at `fd`, closing what was there (dup2 semantics). */
  install(fd: number, file: OpenFile, cloexec: boolean): void {
    if (fd < 0 || fd >= MAX_DESCRIPTORS) throw new SyscallError(Errno.EBADF);
    this.refs.set(file, (this.refs.get(file) ?? 0) + 1);
    if (this.slots.has(fd)) this.close(fd);
    this.slots.set(fd, { file, cloexec });
  }

  close(fd: number): void {
    const slot = this.slots.get(fd);
    if (slot === undefined) throw new SyscallError(Errno.EBADF);
    this.slots.delete(fd);
    const left = (this.refs.get(slot.file) ?? 1) - 1;
    if (left <= 0) {
      this.refs.delete(slot.file);
      slot.file.release();
    } else {
      this.refs.set(slot.file, left);
    }
  }

  cloexec(fd: number): boolean {
    const slot = this.slots.get(fd);
    if (slot === undefined) throw new SyscallError(Errno.EBADF);
    return slot.cloexec;
  }

  setCloexec(fd: number, cloexec: boolean): void {
    const slot = this.slots.get(fd);
    if (slot === undefined) throw new SyscallError(Errno.EBADF);
    slot.cloexec = cloexec;
  }

  descriptors(): number[] {
    return [...this.slots.keys()].sort((a, b) => a - b);
  }

  /** Closes everything (process exit). */
  closeAll(): void {
    for (const fd of this.descriptors()) this.close(fd);
  }
}
