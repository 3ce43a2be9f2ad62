import { type SyscallArgs } from '../isa/SyscallArgs.js';
import { type Kernel } from '../kernel/Kernel.js';
import { type Process } from '../kernel/Process.js';
import { type Task } from '../kernel/Task.js';
import { type GuestMemory } from '../memory/GuestMemory.js';

/** Everything a syscall implementation may touch. */
export interface SyscallContext {
  readonly kernel: Kernel;
  readonly process: Process;
  readonly task: Task;
  readonly args: SyscallArgs;
  readonly memory: GuestMemory;
}

/** Returned by syscalls that set the registers themselves (rt_sigreturn, exit). */
export const KEEP_REGISTERS = Symbol('keep registers');

/** A syscall: returns its result or a negated errno, or throws SyscallError / WouldBlock. */
export type SyscallHandler = (ctx: SyscallContext) => number | typeof KEEP_REGISTERS;

export type SyscallTable = Readonly<Record<string, SyscallHandler>>;
