import { type RegisterFile } from './RegisterFile.js';
import { type SignalFrameAbi } from './SignalFrameAbi.js';
import { type StatInfo } from '../fs/StatInfo.js';
import { type SyscallHandler } from '../syscalls/SyscallContext.js';
import { type SyscallArgs } from './SyscallArgs.js';

/**
 * Syscall ABI facet: the kernel-user interface of one architecture. The core implements every
 * syscall once, by its generic name; this facet says which number means which name, where the
 * arguments and result live, what the initial registers and signal frames look like, and
 * implements the few syscalls that only exist on this architecture.
 */
export interface SyscallAbi {
  /** The generic name of syscall number `nr` (e.g. `openat`), or undefined for an unknown number. */
  nameOf(nr: number): string | undefined;
  /** Reads the syscall number and arguments of a task that just executed the syscall instruction. */
  read(regs: RegisterFile, args: SyscallArgs): number;
  /** Stores a syscall result (a value or a negated errno). */
  setResult(regs: RegisterFile, value: number): void;
  /** Registers at the entry point of a new program, per the ELF ABI of this architecture. */
  start(regs: RegisterFile, entry: number, stackPointer: number): void;
  /** Architecture-only syscalls (x86-64 arch_prctl), by generic name. */
  readonly archSyscalls: ReadonlyMap<string, ArchSyscall>;
  readonly signalFrame: SignalFrameAbi;
  /** This architecture's `struct stat` (x86-64 and the asm-generic layout of arm64 differ). */
  encodeStat(stat: StatInfo): Uint8Array;
}

/** An architecture-specific syscall, implemented like the generic ones. */
export type ArchSyscall = SyscallHandler;
