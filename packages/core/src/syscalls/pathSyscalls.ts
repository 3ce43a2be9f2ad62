import { type PathRef } from '../fs/GuestFs.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { type StatInfo } from '../fs/StatInfo.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { AT_FDCWD, baseDirectory, readPath, writeCString } from './guestStrings.js';
import { type SyscallContext, type SyscallTable } from './SyscallContext.js';

const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_REMOVEDIR = 0x200;
const AT_EMPTY_PATH = 0x1000;
const RENAME_NOREPLACE = 1;
const UTIME_NOW = (1 << 30) - 1;
const UTIME_OMIT = (1 << 30) - 2;
const STATX_BASIC_STATS = 0x7ff;

function at(ctx: SyscallContext, dirfd: number, pathArg: number): PathRef {
  const path = readPath(ctx, pathArg);
  return { path, cwd: baseDirectory(ctx, dirfd, path) };
}

function openAt(ctx: SyscallContext, where: PathRef, flags: number, mode: number): number {
  const file = ctx.kernel.fs.open(where.path, where.cwd, flags, mode & ~ctx.process.umask & 0o7777);
  return ctx.process.fds.open(file, (flags & OpenFlags.O_CLOEXEC) !== 0);
}

function statAt(ctx: SyscallContext, dirfd: number, pathArg: number, flags: number): StatInfo {
  if ((flags & AT_EMPTY_PATH) !== 0 && pathArg !== 0 && ctx.memory.r8(pathArg) === 0) {
    return dirfd === AT_FDCWD ? ctx.kernel.fs.stat(ctx.process.cwd, '/', true) : ctx.process.fds.get(dirfd).stat();
  }
  const where = at(ctx, dirfd, pathArg);
  return ctx.kernel.fs.stat(where.path, where.cwd, (flags & AT_SYMLINK_NOFOLLOW) === 0);
}

function putStat(ctx: SyscallContext, address: number, stat: StatInfo): number {
  ctx.memory.write(address, ctx.kernel.facets.abi.encodeStat(stat));
  return 0;
}

function timestamp(view: DataView, offset: number, ns: bigint): void {
  view.setBigInt64(offset, ns / 1_000_000_000n, true);
  view.setUint32(offset + 8, Number(ns % 1_000_000_000n), true);
}

/** struct statx (include/uapi/linux/stat.h). */
function encodeStatx(stat: StatInfo): Uint8Array {
  const out = new Uint8Array(256);
  const view = new DataView(out.buffer);
  view.setUint32(0, STATX_BASIC_STATS, true);
  view.setUint32(4, stat.blksize, true);
  view.setUint32(16, stat.nlink, true);
  view.setUint32(20, stat.uid, true);
  view.setUint32(24, stat.gid, true);
  view.setUint16(28, stat.mode, true);
  view.setBigUint64(32, BigInt(stat.ino), true);
  view.setBigUint64(40, BigInt(stat.size), true);
  view.setBigUint64(48, BigInt(stat.blocks), true);
  timestamp(view, 0x40, stat.atimeNs);
  timestamp(view, 0x60, stat.ctimeNs);
  timestamp(view, 0x70, stat.mtimeNs);
  view.setUint32(0x80, (stat.rdev >>> 8) & 0xfff, true);
  view.setUint32(0x84, (stat.rdev & 0xff) | ((stat.rdev >>> 12) & 0xfff00), true);
  view.setUint32(0x88, (stat.dev >>> 8) & 0xfff, true);
  view.setUint32(0x8c, (stat.dev & 0xff) | ((stat.dev >>> 12) & 0xfff00), true);
  return out;
}

function readlinkAt(ctx: SyscallContext, where: PathRef, address: number, size: number): number {
  if (size <= 0) throw new SyscallError(Errno.EINVAL);
  const target = new TextEncoder().encode(ctx.kernel.fs.readlink(where.path, where.cwd));
  const n = Math.min(size, target.length);
  ctx.memory.write(address, target.subarray(0, n));
  return n;
}

function unlinkAt(ctx: SyscallContext, where: PathRef, flags: number): number {
  if ((flags & AT_REMOVEDIR) !== 0) ctx.kernel.fs.rmdir(where.path, where.cwd);
  else ctx.kernel.fs.unlink(where.path, where.cwd);
  return 0;
}

function renameAt(ctx: SyscallContext, from: PathRef, to: PathRef, flags: number): number {
  if ((flags & ~RENAME_NOREPLACE) !== 0) throw new SyscallError(Errno.EINVAL);
  ctx.kernel.fs.rename(from, to, (flags & RENAME_NOREPLACE) !== 0);
  return 0;
}

function accessAt(ctx: SyscallContext, where: PathRef, mode: number, flags: number): number {
  if ((mode & ~7) !== 0) throw new SyscallError(Errno.EINVAL);
  ctx.kernel.fs.access(where.path, where.cwd, mode, (flags & AT_SYMLINK_NOFOLLOW) === 0);
  return 0;
}

/** utimensat: a NULL path means the descriptor itself (futimens). */
function utimensAt(ctx: SyscallContext): number {
  const dirfd = ctx.args.int(0);
  const pathArg = ctx.args.ulong(1);
  const timesArg = ctx.args.ulong(2);
  const flags = ctx.args.int(3);
  const now = ctx.kernel.wallClockSeconds();
  let atime: number | undefined = now;
  let mtime: number | undefined = now;
  if (timesArg !== 0) {
    const raw = new DataView(ctx.memory.read(timesArg, 32).buffer);
    const pick = (offset: number): number | undefined => {
      const nsec = Number(raw.getBigInt64(offset + 8, true));
      if (nsec === UTIME_OMIT) return undefined;
      if (nsec === UTIME_NOW) return now;
      return Number(raw.getBigInt64(offset, true)) + nsec / 1e9;
    };
    atime = pick(0);
    mtime = pick(16);
  }
  const where = pathArg === 0 ? { path: ctx.process.fds.get(dirfd).path, cwd: '/' } : at(ctx, dirfd, pathArg);
  ctx.kernel.fs.utimes(where.path, where.cwd, (flags & AT_SYMLINK_NOFOLLOW) === 0, atime, mtime);
  return 0;
}

function getcwd(ctx: SyscallContext): number {
  return writeCString(ctx, ctx.args.ulong(0), ctx.args.ulong(1), ctx.process.cwd);
}

function chdir(ctx: SyscallContext, target: string, cwd: string): number {
  ctx.process.cwd = ctx.kernel.fs.directory(target, cwd);
  return 0;
}

/** struct statfs of an ext4-like file system, enough for statvfs and df. */
function statfs(ctx: SyscallContext, address: number): number {
  const out = new Uint8Array(120);
  const view = new DataView(out.buffer);
  view.setBigInt64(0, 0xef53n, true);
  view.setBigInt64(8, 4096n, true);
  view.setBigUint64(16, 1n << 24n, true);
  view.setBigUint64(24, 1n << 23n, true);
  view.setBigUint64(32, 1n << 23n, true);
  view.setBigUint64(40, 1n << 20n, true);
  view.setBigUint64(48, 1n << 19n, true);
  view.setBigInt64(64, 255n, true);
  view.setBigInt64(72, 4096n, true);
  ctx.memory.write(address, out);
  return 0;
}

/** Path-based file system calls, resolved inside the guest's root. */
export const pathSyscalls: SyscallTable = {
  open: (ctx) => openAt(ctx, at(ctx, AT_FDCWD, ctx.args.ulong(0)), ctx.args.int(1), ctx.args.int(2)),
  openat: (ctx) => openAt(ctx, at(ctx, ctx.args.int(0), ctx.args.ulong(1)), ctx.args.int(2), ctx.args.int(3)),
  creat: (ctx) => openAt(ctx, at(ctx, AT_FDCWD, ctx.args.ulong(0)), OpenFlags.O_CREAT | OpenFlags.O_WRONLY | OpenFlags.O_TRUNC, ctx.args.int(1)),
  stat: (ctx) => putStat(ctx, ctx.args.ulong(1), statAt(ctx, AT_FDCWD, ctx.args.ulong(0), 0)),
  lstat: (ctx) => putStat(ctx, ctx.args.ulong(1), statAt(ctx, AT_FDCWD, ctx.args.ulong(0), AT_SYMLINK_NOFOLLOW)),
  newfstatat: (ctx) => putStat(ctx, ctx.args.ulong(2), statAt(ctx, ctx.args.int(0), ctx.args.ulong(1), ctx.args.int(3))),
  statx: (ctx) => {
    const stat = statAt(ctx, ctx.args.int(0), ctx.args.ulong(1), ctx.args.int(2));
    ctx.memory.write(ctx.args.ulong(4), encodeStatx(stat));
    return 0;
  },
  access: (ctx) => accessAt(ctx, at(ctx, AT_FDCWD, ctx.args.ulong(0)), ctx.args.int(1), 0),
  faccessat: (ctx) => accessAt(ctx, at(ctx, ctx.args.int(0), ctx.args.ulong(1)), ctx.args.int(2), 0),
  faccessat2: (ctx) => accessAt(ctx, at(ctx, ctx.args.int(0), ctx.args.ulong(1)), ctx.args.int(2), ctx.args.int(3)),
  readlink: (ctx) => readlinkAt(ctx, at(ctx, AT_FDCWD, ctx.args.ulong(0)), ctx.args.ulong(1), ctx.args.int(2)),
  readlinkat: (ctx) => readlinkAt(ctx, at(ctx, ctx.args.int(0), ctx.args.ulong(1)), ctx.args.ulong(2), ctx.args.int(3)),
  mkdir: (ctx) => {
    const where = at(ctx, AT_FDCWD, ctx.args.ulong(0));
    ctx.kernel.fs.mkdir(where.path, where.cwd, ctx.args.int(1) & ~ctx.process.umask & 0o7777);
    return 0;
  },
  mkdirat: (ctx) => {
    const where = at(ctx, ctx.args.int(0), ctx.args.ulong(1));
    ctx.kernel.fs.mkdir(where.path, where.cwd, ctx.args.int(2) & ~ctx.process.umask & 0o7777);
    return 0;
  },
  rmdir: (ctx) => unlinkAt(ctx, at(ctx, AT_FDCWD, ctx.args.ulong(0)), AT_REMOVEDIR),
  unlink: (ctx) => unlinkAt(ctx, at(ctx, AT_FDCWD, ctx.args.ulong(0)), 0),
  unlinkat: (ctx) => unlinkAt(ctx, at(ctx, ctx.args.int(0), ctx.args.ulong(1)), ctx.args.int(2)),
  rename: (ctx) => renameAt(ctx, at(ctx, AT_FDCWD, ctx.args.ulong(0)), at(ctx, AT_FDCWD, ctx.args.ulong(1)), 0),
  renameat: (ctx) => renameAt(ctx, at(ctx, ctx.args.int(0), ctx.args.ulong(1)), at(ctx, ctx.args.int(2), ctx.args.ulong(3)), 0),
  renameat2: (ctx) => renameAt(ctx, at(ctx, ctx.args.int(0), ctx.args.ulong(1)), at(ctx, ctx.args.int(2), ctx.args.ulong(3)), ctx.args.int(4)),
  link: (ctx) => {
    ctx.kernel.fs.link(at(ctx, AT_FDCWD, ctx.args.ulong(0)), at(ctx, AT_FDCWD, ctx.args.ulong(1)));
    return 0;
  },
  linkat: (ctx) => {
    ctx.kernel.fs.link(at(ctx, ctx.args.int(0), ctx.args.ulong(1)), at(ctx, ctx.args.int(2), ctx.args.ulong(3)));
    return 0;
  },
  symlink: (ctx) => {
    ctx.kernel.fs.symlink(readPath(ctx, ctx.args.ulong(0)), readPath(ctx, ctx.args.ulong(1)), ctx.process.cwd);
    return 0;
  },
  symlinkat: (ctx) => {
    const target = readPath(ctx, ctx.args.ulong(0));
    const where = at(ctx, ctx.args.int(1), ctx.args.ulong(2));
    ctx.kernel.fs.symlink(target, where.path, where.cwd);
    return 0;
  },
  chmod: (ctx) => {
    const where = at(ctx, AT_FDCWD, ctx.args.ulong(0));
    ctx.kernel.fs.chmod(where.path, where.cwd, ctx.args.int(1));
    return 0;
  },
  fchmodat: (ctx) => {
    const where = at(ctx, ctx.args.int(0), ctx.args.ulong(1));
    ctx.kernel.fs.chmod(where.path, where.cwd, ctx.args.int(2));
    return 0;
  },
  fchmod: (ctx) => {
    ctx.kernel.fs.chmod(ctx.process.fds.get(ctx.args.int(0)).path, '/', ctx.args.int(1));
    return 0;
  },
  chown: () => 0,
  fchown: (ctx) => (ctx.process.fds.get(ctx.args.int(0)), 0),
  lchown: () => 0,
  fchownat: () => 0,
  truncate: (ctx) => {
    const where = at(ctx, AT_FDCWD, ctx.args.ulong(0));
    ctx.kernel.fs.truncate(where.path, where.cwd, ctx.args.long(1));
    return 0;
  },
  utimensat: utimensAt,
  getcwd,
  chdir: (ctx) => chdir(ctx, readPath(ctx, ctx.args.ulong(0)), ctx.process.cwd),
  fchdir: (ctx) => chdir(ctx, ctx.process.fds.get(ctx.args.int(0)).path, '/'),
  umask: (ctx) => {
    const old = ctx.process.umask;
    ctx.process.umask = ctx.args.int(0) & 0o777;
    return old;
  },
  statfs: (ctx) => (readPath(ctx, ctx.args.ulong(0)), statfs(ctx, ctx.args.ulong(1))),
  fstatfs: (ctx) => (ctx.process.fds.get(ctx.args.int(0)), statfs(ctx, ctx.args.ulong(1))),
};
