import { HostFile } from '../fs/HostFile.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { PAGE_SIZE, pageUp } from '../memory/layout.js';
import { SharedMemory } from '../memory/SharedMemory.js';
import { type MappedFile, type VmaBacking, VmaFlags } from '../process/Vma.js';
import { type SyscallContext, type SyscallTable } from './SyscallContext.js';

const MAP_SHARED = 0x01;
const MAP_PRIVATE = 0x02;
const MAP_SHARED_VALIDATE = 0x03;
const MAP_TYPE = 0x0f;
const MAP_FIXED = 0x10;
const MAP_ANONYMOUS = 0x20;
const MAP_FIXED_NOREPLACE = 0x100000;
const PROT_WRITE = 2;
const PROT_MASK = 7;
const MADV_DONTNEED = 4;

/** The bytes a file mapping shows: the file as it is now (private mappings never write back). */
function mappedFile(ctx: SyscallContext, fd: number, shared: boolean, prot: number): MappedFile {
  const file = ctx.process.fds.get(fd);
  if (!(file instanceof HostFile)) throw new SyscallError(Errno.ENODEV);
  const access = file.statusFlags & OpenFlags.O_ACCMODE;
  if (access === OpenFlags.O_WRONLY) throw new SyscallError(Errno.EACCES);
  if (shared && (prot & PROT_WRITE) !== 0) {
    // Writes through a shared file mapping would have to reach the file; refuse rather than lose them.
    if (access !== OpenFlags.O_RDWR) throw new SyscallError(Errno.EACCES);
    ctx.kernel.config.trace?.('mmap: writable MAP_SHARED file mappings are not supported: ENODEV');
    throw new SyscallError(Errno.ENODEV);
  }
  const stat = file.stat();
  const bytes = new Uint8Array(stat.size);
  let done = 0;
  while (done < bytes.length) {
    const n = file.read(bytes.subarray(done), done);
    if (n === 0) break;
    done += n;
  }
  return { path: file.path, bytes, device: '08:01', inode: stat.ino };
}

function mmap(ctx: SyscallContext): number {
  const address = ctx.args.ulong(0);
  const length = ctx.args.ulong(1);
  const prot = ctx.args.int(2);
  const flags = ctx.args.int(3);
  const fd = ctx.args.int(4);
  const offset = ctx.args.ulong(5);
  const type = flags & MAP_TYPE;
  if (length === 0 || (offset & (PAGE_SIZE - 1)) !== 0) throw new SyscallError(Errno.EINVAL);
  if (type !== MAP_SHARED && type !== MAP_PRIVATE && type !== MAP_SHARED_VALIDATE) throw new SyscallError(Errno.EINVAL);
  if ((prot & ~PROT_MASK) !== 0) throw new SyscallError(Errno.EINVAL);
  const shared = type !== MAP_PRIVATE;
  const anonymous = (flags & MAP_ANONYMOUS) !== 0;
  const backing: VmaBacking | undefined = !anonymous
    ? { kind: 'file', file: mappedFile(ctx, fd, shared, prot), offset }
    : shared
      ? { kind: 'shared', object: new SharedMemory(), offset: 0 }
      : undefined;
  return ctx.process.space.map({
    address,
    length: pageUp(length),
    prot,
    flags: shared ? VmaFlags.Shared : 0,
    ...(backing === undefined ? {} : { backing }),
    fixed: (flags & MAP_FIXED) !== 0,
    noReplace: (flags & MAP_FIXED_NOREPLACE) !== 0,
  });
}

function madvise(ctx: SyscallContext): number {
  const address = ctx.args.ulong(0);
  const length = pageUp(ctx.args.ulong(1));
  if ((address & (PAGE_SIZE - 1)) !== 0) throw new SyscallError(Errno.EINVAL);
  if (length === 0) return 0;
  if (!ctx.process.space.covered(address, address + length)) throw new SyscallError(Errno.ENOMEM);
  // MADV_DONTNEED drops the pages: private anonymous memory reads back as zeroes, files re-read.
  if (ctx.args.int(2) === MADV_DONTNEED) ctx.process.memory.drop(address / PAGE_SIZE, (address + length) / PAGE_SIZE);
  return 0;
}

/** brk, mmap, munmap, mprotect, mremap, madvise and the no-op memory calls. */
export const memorySyscalls: SyscallTable = {
  brk: (ctx) => ctx.process.space.setBrk(ctx.args.ulong(0)),
  mmap,
  munmap: (ctx) => {
    ctx.process.space.unmap(ctx.args.ulong(0), ctx.args.ulong(1));
    return 0;
  },
  mprotect: (ctx) => {
    const prot = ctx.args.int(2);
    if ((prot & ~(PROT_MASK | 0x01000000 | 0x02000000)) !== 0) throw new SyscallError(Errno.EINVAL);
    ctx.process.space.protect(ctx.args.ulong(0), ctx.args.ulong(1), prot & PROT_MASK);
    return 0;
  },
  mremap: (ctx) => ctx.process.space.remap(ctx.args.ulong(0), ctx.args.ulong(1), ctx.args.ulong(2), ctx.args.int(3), ctx.args.ulong(4)),
  madvise,
  msync: () => 0,
  mlock: () => 0,
  munlock: () => 0,
  mlockall: () => 0,
  munlockall: () => 0,
};
