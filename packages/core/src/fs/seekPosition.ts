import { Errno, SyscallError } from '../kernel/Errno.js';

export const Whence = { SEEK_SET: 0, SEEK_CUR: 1, SEEK_END: 2, SEEK_DATA: 3, SEEK_HOLE: 4 } as const;

/** The new offset of an lseek, or EINVAL, given the current offset and the file size. */
export function seekPosition(current: number, size: number, offset: number, whence: number): number {
  let next: number;
  switch (whence) {
    case Whence.SEEK_SET:
      next = offset;
      break;
    case Whence.SEEK_CUR:
      next = current + offset;
      break;
    case Whence.SEEK_END:
      next = size + offset;
      break;
    case Whence.SEEK_DATA:
      if (offset >= size) throw new SyscallError(Errno.ENXIO);
      next = offset;
      break;
    case Whence.SEEK_HOLE:
      if (offset >= size) throw new SyscallError(Errno.ENXIO);
      next = size;
      break;
    default:
      throw new SyscallError(Errno.EINVAL);
  }
  if (next < 0) throw new SyscallError(Errno.EINVAL);
  return next;
}
