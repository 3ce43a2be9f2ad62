import { Errno, SyscallError } from '../kernel/Errno.js';
import { type Executable } from '../kernel/Executable.js';
import { execProgram } from '../kernel/execProgram.js';
import { type LoadedImage, loadImage } from '../kernel/programImage.js';
import { interpreterLine } from '../loader/interpreterLine.js';
import { LoadError } from '../loader/LoadError.js';
import { AT_FDCWD, baseDirectory, readPath } from './guestStrings.js';
import { KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';

const AT_SYMLINK_NOFOLLOW = 0x100;
const AT_EMPTY_PATH = 0x1000;
/** One argument or environment string may be this long, its NUL included (MAX_ARG_STRLEN). */
const MAX_ARG_STRLEN = 32 * 4096;
/** All of them, with their pointers, may take a quarter of the default 8 MiB stack limit. */
const MAX_ARG_BYTES = 2 * 1024 * 1024;
/** An interpreter may itself be a script this many times (BINPRM_MAX_RECURSION + 1 levels). */
const MAX_INTERPRETERS = 5;

/** A NULL-terminated array of string pointers (argv, envp); a NULL array is empty. */
function readStrings(ctx: SyscallContext, address: number): Uint8Array[] {
  const strings: Uint8Array[] = [];
  if (address === 0) return strings;
  for (let at = address; ; at += 8) {
    const pointer = Number(new DataView(ctx.memory.read(at, 8).buffer).getBigUint64(0, true));
    if (pointer === 0) return strings;
    const string = ctx.memory.readCString(pointer, MAX_ARG_STRLEN - 1);
    if (string === undefined) throw new SyscallError(Errno.E2BIG);
    strings.push(string);
  }
}

/** The program to run and the path exec was given for it (what AT_EXECFN and the new comm come from). */
interface ExecRequest {
  readonly path: string;
  readonly cwd: string;
  readonly follow: boolean;
  readonly execPath: string;
}

/**
 * Loads what `request` names with `argv` and `envp`. A `#!` script runs its interpreter with the
 * script's path in place of argv[0], as Linux's binfmt_script; anything the loader does not
 * accept (not ELF, another machine, a dynamically linked program) fails with ENOEXEC.
 */
function load(ctx: SyscallContext, request: ExecRequest, argv: readonly Uint8Array[], envp: readonly Uint8Array[], depth = 0): LoadedImage {
  const file = ctx.kernel.fs.readExecutable(request.path, request.cwd, request.follow);
  const script = interpreterLine(file.bytes);
  if (script !== undefined) {
    if (depth + 1 >= MAX_INTERPRETERS) throw new SyscallError(Errno.ELOOP);
    const encoder = new TextEncoder();
    const head = [script.interpreter, ...(script.argument === undefined ? [] : [script.argument]), request.execPath].map((s) => encoder.encode(s));
    const interpreter = { path: script.interpreter, cwd: ctx.process.cwd, follow: true, execPath: request.execPath };
    return load(ctx, interpreter, [...head, ...argv.slice(1)], envp, depth + 1);
  }
  const executable: Executable = { bytes: file.bytes, guestPath: file.guestPath, execPath: request.execPath, inode: file.inode };
  try {
    return loadImage(ctx.kernel, executable, argv, envp);
  } catch (error) {
    if (!(error instanceof LoadError)) throw error;
    ctx.kernel.config.trace?.(`execve: ${error.message}: ENOEXEC`);
    throw new SyscallError(Errno.ENOEXEC);
  }
}

/**
 * execve and execveat: reads the arguments and environment, loads the new program, and only
 * then replaces the process's image (execProgram); until that point any failure returns its
 * errno and the old image goes on.
 */
function exec(ctx: SyscallContext, dirfd: number, pathArg: number, argvArg: number, envpArg: number, flags: number): number | typeof KEEP_REGISTERS {
  if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)) !== 0) throw new SyscallError(Errno.EINVAL);
  const path = readPath(ctx, pathArg);
  const argv = readStrings(ctx, argvArg);
  const envp = readStrings(ctx, envpArg);
  // Since Linux 5.18 a program never starts with argc 0.
  if (argv.length === 0) argv.push(new Uint8Array(0));
  const bytes = [...argv, ...envp].reduce((n, s) => n + s.length + 1 + 8, 0);
  if (bytes > MAX_ARG_BYTES) throw new SyscallError(Errno.E2BIG);
  const follow = (flags & AT_SYMLINK_NOFOLLOW) === 0;
  let request: ExecRequest;
  if (path === '' && (flags & AT_EMPTY_PATH) !== 0) {
    request = { path: `/proc/self/fd/${dirfd}`, cwd: '/', follow: true, execPath: `/dev/fd/${dirfd}` };
  } else {
    const relativeToFd = !path.startsWith('/') && dirfd !== AT_FDCWD;
    request = { path, cwd: baseDirectory(ctx, dirfd, path), follow, execPath: relativeToFd ? `/dev/fd/${dirfd}/${path}` : path };
  }
  execProgram(ctx.kernel, ctx.task, load(ctx, request, argv, envp));
  return KEEP_REGISTERS;
}

/** Replacing the program a process runs. */
export const execSyscalls: SyscallTable = {
  execve: (ctx) => exec(ctx, AT_FDCWD, ctx.args.ulong(0), ctx.args.ulong(1), ctx.args.ulong(2), 0),
  execveat: (ctx) => exec(ctx, ctx.args.int(0), ctx.args.ulong(1), ctx.args.ulong(2), ctx.args.ulong(3), ctx.args.int(4)),
};
