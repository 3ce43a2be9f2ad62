import { Errno, SyscallError } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { type OpenFile } from './OpenFile.js';
import { OpenFlags } from './OpenFlags.js';
import { PollEvents } from './PollEvents.js';
import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';

/** Linux's default pipe: 16 buffers (slots) of one page each. */
const PAGE_SIZE = 4096;
const SLOTS = 16;

/** One page of the pipe and the bytes of it not yet read: [start, end). */
interface PipeSlot {
  readonly page: Uint8Array;
  start: number;
  end: number;
}

/**
 * The buffer both ends of a pipe share, kept as Linux keeps it, so that the same writes fit and
 * the same ones wait: a ring of page-sized slots; a write first tops up the last page with the
 * part of its length beyond whole pages, if that part fits there, then fills fresh pages while a
 * slot is free (pipe_write). A write of up to PIPE_BUF bytes therefore goes in whole or not at all.
 */
export class PipeBuffer {
  private readonly slots: PipeSlot[] = [];
  private bytes = 0;
  readers = 0;
  writers = 0;

  constructor(readonly ino: number) {}

  get length(): number {
    return this.bytes;
  }

  /** pipe_full: every slot holds a page, so a writer must wait (what poll reports). */
  get full(): boolean {
    return this.slots.length >= SLOTS;
  }

  take(max: number): Uint8Array {
    const out = new Uint8Array(Math.min(max, this.bytes));
    for (let at = 0; at < out.length; ) {
      const slot = this.slots[0]!;
      const n = Math.min(slot.end - slot.start, out.length - at);
      out.set(slot.page.subarray(slot.start, slot.start + n), at);
      slot.start += n;
      at += n;
      if (slot.start === slot.end) this.slots.shift();
    }
    this.bytes -= out.length;
    return out;
  }

  /** Places what fits of `data`; returns how many bytes that is (0: the writer must wait). */
  append(data: Uint8Array): number {
    let done = 0;
    const partial = data.length % PAGE_SIZE;
    const last = this.slots[this.slots.length - 1];
    if (partial !== 0 && last !== undefined && last.end + partial <= PAGE_SIZE) {
      last.page.set(data.subarray(0, partial), last.end);
      last.end += partial;
      done = partial;
    }
    while (done < data.length && this.slots.length < SLOTS) {
      const n = Math.min(PAGE_SIZE, data.length - done);
      const page = new Uint8Array(PAGE_SIZE);
      page.set(data.subarray(done, done + n));
      this.slots.push({ page, start: 0, end: n });
      done += n;
    }
    this.bytes += done;
    return done;
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
    if (this.writable) return (!this.buffer.full ? PollEvents.POLLOUT | PollEvents.POLLWRNORM : 0) | (this.buffer.readers === 0 ? PollEvents.POLLERR : 0);
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
