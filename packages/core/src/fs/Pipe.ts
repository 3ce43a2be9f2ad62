import { Errno, SyscallError } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { type OpenFile } from './OpenFile.js';
import { OpenFlags } from './OpenFlags.js';
import { PollEvents } from './PollEvents.js';
import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';

/** Linux's default pipe capacity. */
const PIPE_CAPACITY = 65536;

/** The buffer both ends of a pipe share. */
export class PipeBuffer {
  private data = new Uint8Array(0);
  readers = 0;
  writers = 0;

  constructor(readonly ino: number) {}

  get length(): number {
    return this.data.length;
  }

  take(max: number): Uint8Array {
    const out = this.data.slice(0, max);
    this.data = this.data.slice(out.length);
    return out;
  }

  append(bytes: Uint8Array): number {
    const n = Math.min(bytes.length, PIPE_CAPACITY - this.data.length);
    const next = new Uint8Array(this.data.length + n);
    next.set(this.data);
    next.set(bytes.subarray(0, n), this.data.length);
    this.data = next;
    return n;
  }
}

/** One end of a pipe. Writing with no reader left fails with EPIPE (the syscall layer adds SIGPIPE). */
export class PipeEnd implements OpenFile {
  readonly terminal = false;

  constructor(
    readonly buffer: PipeBuffer,
    readonly writable: boolean,
    public statusFlags: number,
  ) {
    if (writable) buffer.writers++;
    else buffer.readers++;
  }

  get path(): string {
    return `pipe:[${this.buffer.ino}]`;
  }

  private get nonBlocking(): boolean {
    return (this.statusFlags & OpenFlags.O_NONBLOCK) !== 0;
  }

  read(target: Uint8Array): number {
    if (this.writable) throw new SyscallError(Errno.EBADF);
    if (target.length === 0) return 0;
    if (this.buffer.length === 0) {
      if (this.buffer.writers === 0) return 0;
      if (this.nonBlocking) throw new SyscallError(Errno.EAGAIN);
      throw new WouldBlock('read from an empty pipe');
    }
    const bytes = this.buffer.take(target.length);
    target.set(bytes);
    return bytes.length;
  }

  write(data: Uint8Array): number {
    if (!this.writable) throw new SyscallError(Errno.EBADF);
    if (this.buffer.readers === 0) throw new SyscallError(Errno.EPIPE);
    if (data.length === 0) return 0;
    const n = this.buffer.append(data);
    if (n === 0) {
      if (this.nonBlocking) throw new SyscallError(Errno.EAGAIN);
      throw new WouldBlock('write to a full pipe');
    }
    return n;
  }

  /**
   * As Linux's pipe_poll: a read end is readable while it holds data and hung up once no writer
   * is left; a write end is writable while there is room and in error once no reader is left.
   */
  poll(): number {
    if (this.writable) return (this.buffer.length < PIPE_CAPACITY ? PollEvents.POLLOUT | PollEvents.POLLWRNORM : 0) | (this.buffer.readers === 0 ? PollEvents.POLLERR : 0);
    return (this.buffer.length > 0 ? PollEvents.POLLIN | PollEvents.POLLRDNORM : 0) | (this.buffer.writers === 0 ? PollEvents.POLLHUP : 0);
  }

  seek(): number {
    throw new SyscallError(Errno.ESPIPE);
  }

  stat(): StatInfo {
    return syntheticStat(FileType.S_IFIFO | 0o600, this.buffer.length, this.buffer.ino);
  }

  release(): void {
    if (this.writable) this.buffer.writers--;
    else this.buffer.readers--;
  }
}
