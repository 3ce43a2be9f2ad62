import { type GuestMemory } from '../memory/GuestMemory.js';
import { type InstructionAnalysis } from './InstructionAnalysis.js';
import { type RegisterFile } from './RegisterFile.js';

/** Emulate facet (optional): executes one instruction on a trapped task without copying it (≈ arch_uprobe_skip_sstep). */
export interface Emulator {
  /** Executes the instruction; returns false when it cannot, so the caller falls back or refuses. */
  emulate(analysis: InstructionAnalysis, regs: RegisterFile, memory: GuestMemory): boolean;
}
