import { type GuestMemory } from '../memory/GuestMemory.js';
import { type InstructionAnalysis } from './InstructionAnalysis.js';
import { type VirtualClock } from '../time/VirtualClock.js';
import { type RegisterFile } from './RegisterFile.js';

/** Emulate facet (optional): executes one instruction on a trapped task without copying it (≈ arch_uprobe_skip_sstep). */
export interface Emulator {
  /**
   * Executes the instruction on the task's registers and memory as the CPU would, leaving the PC
   * at the next instruction (or the branch target). Throws GuestFault (or the arch's trap) when the
   * instruction faults, with the registers unchanged.
   */
  emulate(analysis: InstructionAnalysis, regs: RegisterFile, memory: GuestMemory, clock: VirtualClock): void;
}
