import { Errno, SyscallError } from '../kernel/Errno.js';
import { type SyscallContext } from './SyscallContext.js';

const PATH_MAX = 4096;
const decoder = new TextDecoder('utf-8');

/** The AT_FDCWD value of dirfd arguments. */
export const AT_FDCWD = -100;

/** Reads a NUL-terminated path argument (ENAMETOOLONG past PATH_MAX, EFAULT if unreadable). */
export function readPath(ctx: SyscallContext, address: number): string {
  if (address === 0) throw new SyscallError(Errno.EFAULT);
  const bytes = ctx.memory.readCString(address, PATH_MAX);
  if (bytes === undefined) throw new SyscallError(Errno.ENAMETOOLONG);
  return decoder.decode(bytes);
}

/** The directory a *at() path is relative to: the cwd for AT_FDCWD, else the directory open at dirfd. */
export function baseDirectory(ctx: SyscallContext, dirfd: number, path: string): string {
  if (path.startsWith('/') || dirfd === AT_FDCWD) return ctx.process.cwd;
  const file = ctx.process.fds.get(dirfd);
  const stat = file.stat();
  if ((stat.mode & 0o170000) !== 0o040000) throw new SyscallError(Errno.ENOTDIR);
  return file.path;
}

/** Copies a string (with its NUL) into a guest buffer of `size` bytes; ERANGE if it does not fit. */
export function writeCString(ctx: SyscallContext, address: number, size: number, text: string): number {
  const bytes = new TextEncoder().encode(`${text}\0`);
  if (bytes.length > size) throw new SyscallError(Errno.ERANGE);
  ctx.memory.write(address, bytes);
  return bytes.length;
}
