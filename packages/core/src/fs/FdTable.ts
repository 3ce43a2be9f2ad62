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
  /** Processes using this table: more than one after clone with CLONE_FILES. */
  private users = 1;

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
    this.hold(file);
    if (this.slots.has(fd)) this.close(fd);
    this.slots.set(fd, { file, cloexec });
  }

  close(fd: number): void {
    const slot = this.slots.get(fd);
    if (slot === undefined) throw new SyscallError(Errno.EBADF);
    this.slots.delete(fd);
    this.drop(slot.file);
  }

  /** One more reference to `file` from outside a descriptor slot (a descriptor in flight in an SCM_RIGHTS message). */
  hold(file: OpenFile): void {
    this.refs.set(file, (this.refs.get(file) ?? 0) + 1);
  }

  /** Gives up a reference: `file` is released when it was the last, in this table or any sharing its references. */
  drop(file: OpenFile): void {
    const left = (this.refs.get(file) ?? 1) - 1;
    if (left <= 0) {
      this.refs.delete(file);
      file.release();
    } else {
      this.refs.set(file, left);
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

  /**
   * fork: a new table with the same descriptors and close-on-exec flags, sharing each open file
   * description (offset and status flags) with this one, as Linux's dup_fd.
   */
  duplicate(): FdTable {
    const copy = new FdTable(this.refs);
    for (const [fd, slot] of this.slots) copy.install(fd, slot.file, slot.cloexec);
    return copy;
  }

  /** Whether a descriptor of this table, or of any table forked from it or from which it was forked, refers to `file`. */
  referenced(file: OpenFile): boolean {
    return this.refs.has(file);
  }

  /** clone with CLONE_FILES: one more process uses this very table. */
  share(): this {
    this.users++;
    return this;
  }

  get shared(): boolean {
    return this.users > 1;
  }

  /** A process stops using the table (exit, or exec unsharing it); the last one closes everything. */
  release(): void {
    if (--this.users > 0) return;
    for (const fd of this.descriptors()) this.close(fd);
  }

  /** exec: the close-on-exec descriptors are closed. */
  closeOnExec(): void {
    for (const [fd, slot] of [...this.slots]) if (slot.cloexec) this.close(fd);
  }
}
