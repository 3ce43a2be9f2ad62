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
  /** clone's arguments, whose order differs between architectures (x86-64: flags, stack, parent_tid, child_tid, tls). */
  cloneArguments(args: SyscallArgs): CloneArguments;
  /** The thread pointer a new thread starts with (CLONE_SETTLS: x86-64 FS base, arm64 TPIDR_EL0). */
  setThreadPointer(regs: RegisterFile, address: number): void;
  /** Makes a task that is back from a syscall execute syscall `nr` again when it resumes (a restarted syscall). */
  restartSyscall(regs: RegisterFile, nr: number): void;
}

/** What clone (and clone3, from its struct) asks for. */
export interface CloneArguments {
  readonly flags: number;
  /** The new task's stack pointer, or 0 for the parent's. */
  readonly stack: number;
  readonly parentTid: number;
  readonly childTid: number;
  readonly tls: number;
}

/** An architecture-specific syscall, implemented like the generic ones. */
export type ArchSyscall = SyscallHandler;
