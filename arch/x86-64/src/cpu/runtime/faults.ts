import { type GuestAccess, GuestFault, SegvCode, SiCode, Signal } from '@ubp/core';
import { type X86Insn } from '../../decode/X86Insn.js';
import { CpuTrap } from '../CpuTrap.js';
import { ExitReason } from '../ExitReason.js';
import { type X86RegisterFile } from '../state/X86RegisterFile.js';

const STACK_READ = 1;
const STACK_WRITE = 2;

/**
 * Which accesses of `insn` go through the stack segment, as a mask for `fault`: all of them when
 * its memory operand is RSP- or RBP-based, else the implicit stack access of a stack instruction
 * (the store of PUSH, CALL, ENTER, PUSHF; the load of POP, RET, LEAVE, POPF). The other access of
 * a PUSH, POP or CALL with a memory operand goes through DS.
 */
export function stackAccesses(insn: X86Insn): number {
  if (insn.stackSegment) return STACK_READ | STACK_WRITE;
  if (!insn.stackInstruction) return 0;
  return insn.stackDelta < 0 ? STACK_WRITE : STACK_READ;
}

function accessBit(access: GuestAccess): number {
  return access === 'read' ? STACK_READ : access === 'write' ? STACK_WRITE : 0;
}

/**
 * A non-canonical address through SS is a stack fault (#SS), which Linux delivers as SIGBUS with
 * SI_KERNEL and no address; through any other segment it is #GP, the GuestFault's SIGSEGV.
 */
function asDelivered(error: GuestFault | CpuTrap, stackMask: number): GuestFault | CpuTrap {
  if (!(error instanceof GuestFault) || error.code !== SegvCode.Kernel || (stackMask & accessBit(error.access)) === 0) return error;
  return new CpuTrap(Signal.SIGBUS, SiCode.SI_KERNEL, 0, `${error.access} of a non-canonical stack address`);
}

/**
 * Catch handler of every block: a guest fault or CPU trap stops the block at instruction `n`
 * (which did not retire) and leaves the run loop; anything else is a bug of ours and propagates.
 * `stackMasks` holds `stackAccesses` of each instruction of the block.
 */
export function fault(s: X86RegisterFile, error: unknown, n: number, addresses: readonly number[], stackMasks: readonly number[]): number {
  if (!(error instanceof GuestFault) && !(error instanceof CpuTrap)) throw error;
  s.rip = addresses[n]!;
  s.exit = ExitReason.Fault;
  s.pendingFault = asDelivered(error, stackMasks[n] ?? 0);
  return n;
}
