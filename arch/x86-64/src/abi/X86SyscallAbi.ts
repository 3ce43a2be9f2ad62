import { type ArchSyscall, type CloneArguments, type RegisterFile, type StatInfo, type SyscallAbi, type SyscallArgs } from '@ubp/core';
import { FlagBits } from '../cpu/state/FlagBits.js';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';
import { archPrctl } from './archPrctl.js';
import { encodeX86Stat } from './encodeX86Stat.js';
import { X86SignalFrame } from './X86SignalFrame.js';
import { x86SyscallNumbers } from './x86SyscallNumbers.js';

/** rdi, rsi, rdx, r10, r8, r9: the syscall argument registers, as GPR numbers. */
const ARGUMENT_GPRS = [7, 6, 2, 10, 8, 9];
/** `syscall` is 0f 05. */
const SYSCALL_LENGTH = 2;

const names = new Map<number, string>(Object.entries(x86SyscallNumbers).map(([name, nr]) => [nr, name]));

/** The x86-64 Linux syscall ABI: `syscall` with the number in rax and the result back in rax. */
export class X86SyscallAbi implements SyscallAbi {
  readonly archSyscalls: ReadonlyMap<string, ArchSyscall> = new Map([['arch_prctl', archPrctl]]);
  readonly signalFrame = new X86SignalFrame();

  nameOf(nr: number): string | undefined {
    return names.get(nr);
  }

  read(regs: RegisterFile, args: SyscallArgs): number {
    const r = (regs as X86RegisterFile).r;
    for (let i = 0; i < 6; i++) {
      const gpr = ARGUMENT_GPRS[i]!;
      args.lo[i] = r[2 * gpr]!;
      args.hi[i] = r[2 * gpr + 1]!;
    }
    // The kernel reads the whole of rax; a number above 2^32 is simply unknown.
    return r[1] === 0 ? r[0]! : -1;
  }

  setResult(regs: RegisterFile, value: number): void {
    (regs as X86RegisterFile).set64(0, value);
  }

  /** The ELF ABI's entry state: rsp at argc, everything else zero (rdx: no atexit function). */
  start(regs: RegisterFile, entry: number, stackPointer: number): void {
    const s = regs as X86RegisterFile;
    s.r.fill(0);
    s.sp = stackPointer;
    s.rip = entry;
    s.rflags = FlagBits.IF;
  }

  encodeStat(stat: StatInfo): Uint8Array {
    return encodeX86Stat(stat);
  }

  cloneArguments(args: SyscallArgs): CloneArguments {
    return { flags: args.ulong(0), stack: args.ulong(1), parentTid: args.ulong(2), childTid: args.ulong(3), tls: args.ulong(4) };
  }

  setThreadPointer(regs: RegisterFile, address: number): void {
    (regs as X86RegisterFile).fsBase = address;
  }

  /** Back onto the `syscall` instruction with the number in rax again, as the kernel's -ERESTARTSYS path does. */
  restartSyscall(regs: RegisterFile, nr: number): void {
    const s = regs as X86RegisterFile;
    s.rip -= SYSCALL_LENGTH;
    s.set64(0, nr);
  }
}
