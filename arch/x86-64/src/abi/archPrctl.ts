import { Errno, type SyscallContext, SyscallError } from '@ubp/core';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';

const ARCH_SET_GS = 0x1001;
const ARCH_SET_FS = 0x1002;
const ARCH_GET_FS = 0x1003;
const ARCH_GET_GS = 0x1004;
const ARCH_GET_CPUID = 0x1011;
const ARCH_SET_CPUID = 0x1012;
const TASK_SIZE_MAX = 0x7ffffffff000;

function storeAddress(ctx: SyscallContext, address: number, value: number): void {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigInt64(0, BigInt(value), true);
  ctx.memory.write(address, out);
}

/** arch_prctl: the FS and GS bases libc puts its thread pointer in. */
export function archPrctl(ctx: SyscallContext): number {
  const regs = ctx.task.regs as X86RegisterFile;
  const address = ctx.args.ulong(1);
  switch (ctx.args.int(0)) {
    case ARCH_SET_FS:
    case ARCH_SET_GS:
      if (address >= TASK_SIZE_MAX) throw new SyscallError(Errno.EPERM);
      if (ctx.args.int(0) === ARCH_SET_FS) regs.fsBase = address;
      else regs.gsBase = address;
      return 0;
    case ARCH_GET_FS:
      storeAddress(ctx, address, regs.fsBase);
      return 0;
    case ARCH_GET_GS:
      storeAddress(ctx, address, regs.gsBase);
      return 0;
    case ARCH_GET_CPUID:
      return 1;
    case ARCH_SET_CPUID:
      return ctx.args.int(1) === 1 ? 0 : -Errno.ENODEV;
    default:
      throw new SyscallError(Errno.EINVAL);
  }
}
