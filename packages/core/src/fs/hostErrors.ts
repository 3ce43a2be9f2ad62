import { Errno, SyscallError } from '../kernel/Errno.js';

/** Runs a host file-system call, turning Node's error codes into the guest's errno. */
export function host<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    throw toSyscallError(error);
  }
}

export function toSyscallError(error: unknown): SyscallError {
  if (error instanceof SyscallError) return error;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code in Errno) return new SyscallError(Errno[code as keyof typeof Errno]);
  return new SyscallError(Errno.EIO);
}
