import { DirectoryListing } from '../fs/DirectoryListing.js';
import { type OpenFile } from '../fs/OpenFile.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { PipeBuffer, PipeEnd } from '../fs/Pipe.js';
import { Whence } from '../fs/seekPosition.js';
import { FileType } from '../fs/StatInfo.js';
import { EpipeWithoutSignal, UnixSocket } from '../fs/UnixSocket.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { keepGoing, raiseSigpipe } from './blockingTransfer.js';
import { type KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';

/** Linux caps one read or write at MAX_RW_COUNT; we also bound the host buffer. */
export const MAX_TRANSFER = 0x7ffff000;
const CHUNK = 16 * 1024 * 1024;
export const IOV_MAX = 1024;

const F_DUPFD = 0;
const F_GETFD = 1;
const F_SETFD = 2;
const F_GETFL = 3;
const F_SETFL = 4;
const F_GETLK = 5;
const F_SETLK = 6;
const F_SETLKW = 7;
const F_DUPFD_CLOEXEC = 1030;
const F_GETPIPE_SZ = 1032;
const FD_CLOEXEC = 1;
const F_UNLCK = 2;

const TCGETS = 0x5401;
const TIOCGPGRP = 0x540f;
const TIOCGWINSZ = 0x5413;
const FIONREAD = 0x541b;
const FIONCLEX = 0x5450;
const FIOCLEX = 0x5451;

function readInto(ctx: SyscallContext, file: OpenFile, address: number, count: number, position?: number): number {
  const length = Math.min(count, MAX_TRANSFER, CHUNK);
  if (length === 0) return file.read(new Uint8Array(0), position);
  // Check the destination first, so that input is not consumed when it cannot be delivered.
  ctx.memory.checkWritable(address, length);
  const buffer = new Uint8Array(length);
  const n = file.read(buffer, position);
  ctx.memory.write(address, buffer.subarray(0, n));
  return n;
}

function writeFrom(ctx: SyscallContext, file: OpenFile, address: number, count: number, position?: number): number | typeof KEEP_REGISTERS {
  return writeAll(ctx, file, ctx.memory.read(address, Math.min(count, MAX_TRANSFER)), position);
}

/**
 * One write of `data`. A pipe or stream socket takes what fits; in blocking mode Linux's
 * pipe_write then sleeps until the reader makes room for the rest, so the task waits too: the
 * write returns the whole count, or what went through when a signal interrupts it or the reader
 * leaves (with SIGPIPE, unless the socket type does not raise it).
 */
function writeAll(ctx: SyscallContext, file: OpenFile, data: Uint8Array, position?: number): number | typeof KEEP_REGISTERS {
  const first = file.write(data, position);
  if (first === 0 || first === data.length || position !== undefined || (file.statusFlags & OpenFlags.O_NONBLOCK) !== 0) return first;
  let done = first;
  const step = (): number | undefined => {
    try {
      done += file.write(data.subarray(done));
    } catch (error) {
      if (error instanceof WouldBlock) return undefined;
      if (!(error instanceof SyscallError) || error.errno !== Errno.EPIPE) throw error;
      if (!(error instanceof EpipeWithoutSignal)) raiseSigpipe(ctx);
      return done;
    }
    return done === data.length ? done : undefined;
  };
  return keepGoing(ctx, 'write: waiting for the reader to make room', step, () => done);
}

export interface IoVec {
  readonly base: number;
  readonly length: number;
}

export function readIoVecs(ctx: SyscallContext, address: number, count: number): IoVec[] {
  if (count < 0 || count > IOV_MAX) throw new SyscallError(Errno.EINVAL);
  const raw = ctx.memory.read(address, count * 16);
  const view = new DataView(raw.buffer);
  const vecs: IoVec[] = [];
  for (let i = 0; i < count; i++) vecs.push({ base: Number(view.getBigUint64(i * 16, true)), length: Number(view.getBigUint64(i * 16 + 8, true)) });
  return vecs;
}

/** The buffers a read fills, checked writable before anything is read: how many bytes they hold, up to one read's limit. */
export function bufferRoom(ctx: SyscallContext, vecs: readonly IoVec[]): number {
  let room = 0;
  for (const vec of vecs) {
    const length = Math.min(vec.length, CHUNK - room);
    ctx.memory.checkWritable(vec.base, length);
    room += length;
  }
  return room;
}

/** Copies `data` into the buffers, from `at` bytes into them. */
export function scatter(ctx: SyscallContext, vecs: readonly IoVec[], data: Uint8Array, at: number): void {
  let skip = at;
  let from = 0;
  for (const vec of vecs) {
    if (from === data.length) return;
    if (skip >= vec.length) {
      skip -= vec.length;
      continue;
    }
    const n = Math.min(vec.length - skip, data.length - from);
    ctx.memory.write(vec.base + skip, data.subarray(from, from + n));
    from += n;
    skip = 0;
  }
}

/**
 * readv/preadv: one read of the buffers' total length, scattered over them in order, as Linux's
 * single read_iter: a datagram is read once, and a read that must wait has taken nothing yet.
 */
function readVector(ctx: SyscallContext, file: OpenFile, vecs: IoVec[], position?: number): number {
  const buffer = new Uint8Array(bufferRoom(ctx, vecs));
  const n = file.read(buffer, position);
  scatter(ctx, vecs, buffer.subarray(0, n), 0);
  return n;
}

/** writev: gathers all buffers into one write, so the output is one atomic chunk like Linux's. */
function writeVector(ctx: SyscallContext, file: OpenFile, vecs: IoVec[], position?: number): number | typeof KEEP_REGISTERS {
  const parts = vecs.filter((v) => v.length > 0).map((v) => ctx.memory.read(v.base, v.length));
  return writeAll(ctx, file, Buffer.concat(parts), position);
}

function dupTo(ctx: SyscallContext, oldFd: number, newFd: number, cloexec: boolean): number {
  const file = ctx.process.fds.get(oldFd);
  if (oldFd === newFd) return newFd;
  ctx.process.fds.install(newFd, file, cloexec);
  return newFd;
}

function makePipe(ctx: SyscallContext, address: number, flags: number): number {
  if ((flags & ~(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK | 0o40000)) !== 0) throw new SyscallError(Errno.EINVAL);
  ctx.memory.checkWritable(address, 8);
  const buffer = new PipeBuffer(ctx.kernel.random.nextUint32());
  const status = flags & OpenFlags.O_NONBLOCK;
  const cloexec = (flags & OpenFlags.O_CLOEXEC) !== 0;
  const fds = ctx.process.fds;
  const readFd = fds.open(new PipeEnd(buffer, false, OpenFlags.O_RDONLY | status), cloexec);
  const writeFd = fds.open(new PipeEnd(buffer, true, OpenFlags.O_WRONLY | status), cloexec);
  const out = new DataView(new ArrayBuffer(8));
  out.setInt32(0, readFd, true);
  out.setInt32(4, writeFd, true);
  ctx.memory.write(address, new Uint8Array(out.buffer));
  return 0;
}

function fcntl(ctx: SyscallContext): number {
  const fd = ctx.args.int(0);
  const command = ctx.args.int(1);
  const fds = ctx.process.fds;
  const file = fds.get(fd);
  switch (command) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
      return fds.open(file, command === F_DUPFD_CLOEXEC, ctx.args.int(2));
    case F_GETFD:
      return fds.cloexec(fd) ? FD_CLOEXEC : 0;
    case F_SETFD:
      fds.setCloexec(fd, (ctx.args.int(2) & FD_CLOEXEC) !== 0);
      return 0;
    case F_GETFL:
      return file.statusFlags;
    case F_SETFL: {
      const changeable = OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK;
      file.statusFlags = (file.statusFlags & ~changeable) | (ctx.args.int(2) & changeable);
      return 0;
    }
    case F_GETLK: {
      // One process holds every lock it asks for: report the region as unlocked.
      const address = ctx.args.ulong(2);
      const lock = ctx.memory.read(address, 2);
      lock[0] = F_UNLCK;
      lock[1] = 0;
      ctx.memory.write(address, lock);
      return 0;
    }
    case F_SETLK:
    case F_SETLKW:
      return 0;
    case F_GETPIPE_SZ:
      if (!(file instanceof PipeEnd)) throw new SyscallError(Errno.EBADF);
      return 65536;
    default:
      throw new SyscallError(Errno.EINVAL);
  }
}

function ioctl(ctx: SyscallContext): number {
  const fd = ctx.args.int(0);
  const request = ctx.args.u32(1);
  const address = ctx.args.ulong(2);
  const file = ctx.process.fds.get(fd);
  switch (request) {
    case FIOCLEX:
    case FIONCLEX:
      ctx.process.fds.setCloexec(fd, request === FIOCLEX);
      return 0;
    case FIONREAD: {
      const available = file instanceof PipeEnd ? file.buffer.length : file instanceof UnixSocket ? file.inputLength() : 0;
      const out = new Uint8Array(4);
      new DataView(out.buffer).setInt32(0, available, true);
      ctx.memory.write(address, out);
      return 0;
    }
    case TCGETS:
    case TIOCGWINSZ:
    case TIOCGPGRP:
      if (!file.terminal) throw new SyscallError(Errno.ENOTTY);
      ctx.memory.write(address, terminalReply(ctx, request));
      return 0;
    default:
      throw new SyscallError(file.terminal ? Errno.EINVAL : Errno.ENOTTY);
  }
}

/** What a terminal answers: a canonical-mode termios, an 80x24 window, our process group. */
function terminalReply(ctx: SyscallContext, request: number): Uint8Array {
  if (request === TIOCGWINSZ) {
    const out = new Uint8Array(8);
    const view = new DataView(out.buffer);
    view.setUint16(0, 24, true);
    view.setUint16(2, 80, true);
    return out;
  }
  if (request === TIOCGPGRP) {
    const out = new Uint8Array(4);
    new DataView(out.buffer).setInt32(0, ctx.process.pgid, true);
    return out;
  }
  const termios = new Uint8Array(36);
  const view = new DataView(termios.buffer);
  view.setUint32(0, 0o2400, true); // ICRNL | IXON
  view.setUint32(4, 0o5, true); // OPOST | ONLCR
  view.setUint32(8, 0o277, true); // B38400 | CS8 | CREAD
  view.setUint32(12, 0o105073, true); // ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN
  termios.set([3, 28, 127, 21, 4, 0, 1, 0, 17, 19, 26, 0, 18, 15, 23, 22, 0, 0, 0], 17);
  return termios;
}

function getdents64(ctx: SyscallContext): number {
  const file = ctx.process.fds.get(ctx.args.int(0));
  if (!(file instanceof DirectoryListing)) throw new SyscallError(Errno.ENOTDIR);
  const address = ctx.args.ulong(1);
  const capacity = ctx.args.u32(2);
  const records: Uint8Array[] = [];
  let used = 0;
  let count = 0;
  const encoder = new TextEncoder();
  for (const entry of file.remaining()) {
    const name = encoder.encode(entry.name);
    const length = (19 + name.length + 1 + 7) & ~7;
    if (used + length > capacity) break;
    const record = new Uint8Array(length);
    const view = new DataView(record.buffer);
    view.setBigUint64(0, BigInt(entry.ino), true);
    view.setBigInt64(8, BigInt(file.offset + count + 1), true);
    view.setUint16(16, length, true);
    record[18] = entry.type;
    record.set(name, 19);
    records.push(record);
    used += length;
    count++;
  }
  if (count === 0 && file.remaining().length > 0) throw new SyscallError(Errno.EINVAL);
  ctx.memory.write(address, Buffer.concat(records));
  file.consume(count);
  return used;
}

function fstat(ctx: SyscallContext): number {
  const stat = ctx.process.fds.get(ctx.args.int(0)).stat();
  ctx.memory.write(ctx.args.ulong(1), ctx.kernel.facets.abi.encodeStat(stat));
  return 0;
}

/**
 * sendfile(out, in, offset, count): copies from a regular file (what Linux can splice from) to
 * any writable descriptor but an O_APPEND one. With an offset pointer it reads there, stores the
 * new offset and leaves the file's own offset alone; without one it advances the file's offset.
 * Either way only by what was written, and a write that must wait (a full pipe) consumes nothing,
 * so the restarted call copies the same bytes.
 */
function sendfile(ctx: SyscallContext): number {
  const fds = ctx.process.fds;
  const offsetAddress = ctx.args.ulong(2);
  const position = offsetAddress === 0 ? undefined : Number(new DataView(ctx.memory.read(offsetAddress, 8).buffer).getBigInt64(0, true));
  const input = fds.get(ctx.args.int(1));
  if ((input.statusFlags & OpenFlags.O_ACCMODE) === OpenFlags.O_WRONLY) throw new SyscallError(Errno.EBADF);
  if (position !== undefined && position < 0) throw new SyscallError(Errno.EINVAL);
  const out = fds.get(ctx.args.int(0));
  if ((out.statusFlags & OpenFlags.O_ACCMODE) === OpenFlags.O_RDONLY) throw new SyscallError(Errno.EBADF);
  if ((out.statusFlags & OpenFlags.O_APPEND) !== 0) throw new SyscallError(Errno.EINVAL);
  if ((input.stat().mode & FileType.S_IFMT) !== FileType.S_IFREG) throw new SyscallError(Errno.EINVAL);
  const start = position ?? input.seek(0, Whence.SEEK_CUR);
  const buffer = new Uint8Array(Math.min(ctx.args.ulong(3), MAX_TRANSFER, CHUNK));
  const n = input.read(buffer, start);
  const written = n === 0 ? 0 : out.write(buffer.subarray(0, n));
  if (position === undefined) {
    input.seek(start + written, Whence.SEEK_SET);
  } else {
    const next = new DataView(new ArrayBuffer(8));
    next.setBigInt64(0, BigInt(start + written), true);
    ctx.memory.write(offsetAddress, new Uint8Array(next.buffer));
  }
  return written;
}

function closeRange(ctx: SyscallContext): number {
  const first = ctx.args.u32(0);
  const last = ctx.args.u32(1);
  const fds = ctx.process.fds;
  for (const fd of fds.descriptors()) if (fd >= first && fd <= last) fds.close(fd);
  return 0;
}

/** Descriptor I/O: read/write and friends, sendfile, dup, pipe, fcntl, ioctl, getdents64, fstat. */
export const fileSyscalls: SyscallTable = {
  read: (ctx) => readInto(ctx, ctx.process.fds.get(ctx.args.int(0)), ctx.args.ulong(1), ctx.args.ulong(2)),
  write: (ctx) => writeFrom(ctx, ctx.process.fds.get(ctx.args.int(0)), ctx.args.ulong(1), ctx.args.ulong(2)),
  pread64: (ctx) => readInto(ctx, ctx.process.fds.get(ctx.args.int(0)), ctx.args.ulong(1), ctx.args.ulong(2), ctx.args.long(3)),
  pwrite64: (ctx) => writeFrom(ctx, ctx.process.fds.get(ctx.args.int(0)), ctx.args.ulong(1), ctx.args.ulong(2), ctx.args.long(3)),
  readv: (ctx) => readVector(ctx, ctx.process.fds.get(ctx.args.int(0)), readIoVecs(ctx, ctx.args.ulong(1), ctx.args.int(2))),
  writev: (ctx) => writeVector(ctx, ctx.process.fds.get(ctx.args.int(0)), readIoVecs(ctx, ctx.args.ulong(1), ctx.args.int(2))),
  preadv: (ctx) => readVector(ctx, ctx.process.fds.get(ctx.args.int(0)), readIoVecs(ctx, ctx.args.ulong(1), ctx.args.int(2)), ctx.args.long(3)),
  pwritev: (ctx) => writeVector(ctx, ctx.process.fds.get(ctx.args.int(0)), readIoVecs(ctx, ctx.args.ulong(1), ctx.args.int(2)), ctx.args.long(3)),
  sendfile,
  lseek: (ctx) => ctx.process.fds.get(ctx.args.int(0)).seek(ctx.args.long(1), ctx.args.int(2)),
  close: (ctx) => {
    ctx.process.fds.close(ctx.args.int(0));
    return 0;
  },
  close_range: closeRange,
  dup: (ctx) => ctx.process.fds.open(ctx.process.fds.get(ctx.args.int(0)), false),
  dup2: (ctx) => dupTo(ctx, ctx.args.int(0), ctx.args.int(1), false),
  dup3: (ctx) => {
    if (ctx.args.int(0) === ctx.args.int(1)) throw new SyscallError(Errno.EINVAL);
    return dupTo(ctx, ctx.args.int(0), ctx.args.int(1), (ctx.args.int(2) & OpenFlags.O_CLOEXEC) !== 0);
  },
  pipe: (ctx) => makePipe(ctx, ctx.args.ulong(0), 0),
  pipe2: (ctx) => makePipe(ctx, ctx.args.ulong(0), ctx.args.int(1)),
  fcntl,
  ioctl,
  getdents64,
  fstat,
  ftruncate: (ctx) => {
    const file = ctx.process.fds.get(ctx.args.int(0));
    if (file.truncate === undefined) throw new SyscallError(Errno.EINVAL);
    file.truncate(ctx.args.long(1));
    return 0;
  },
  // Every write already went to the host with write(2): ubp holds no dirty data to flush.
  sync: () => 0,
  syncfs: (ctx) => (ctx.process.fds.get(ctx.args.int(0)), 0),
  fsync: (ctx) => (ctx.process.fds.get(ctx.args.int(0)), 0),
  fdatasync: (ctx) => (ctx.process.fds.get(ctx.args.int(0)), 0),
  fadvise64: (ctx) => (ctx.process.fds.get(ctx.args.int(0)), 0),
};
