import { type Emulator, type GuestMemory, type InstructionAnalysis, type RegisterFile } from '@ubp/core';
import { readWord } from '../encoding/fields.js';
import { simulateA64 } from '../simulate/simulations.js';
import { arm64Registers } from '../state/Arm64RegisterFile.js';

/**
 * The emulate facet of arm64, as far as it goes: it executes exactly the instructions Linux
 * simulates (NOP, B, BL, B.cond, CBZ/CBNZ, TBZ/TBNZ, ADR/ADRP, BR, BLR, RET), which is what
 * Linux's own arch_uprobe_skip_sstep executes on arm64. The analysis gives every other
 * instruction an emulateRefusal, so the emulate strategy refuses those at registration; a
 * general A64 emulator is a porting gap (see portingGaps).
 */
export class Arm64SimulationEmulator implements Emulator {
  emulate(analysis: InstructionAnalysis, regs: RegisterFile, _memory: GuestMemory): void {
    if (analysis.emulateRefusal !== undefined) {
      throw new Error(`cannot emulate ${analysis.instruction.text}: ${analysis.emulateRefusal}`);
    }
    simulateA64(readWord(analysis.instruction.bytes), arm64Registers(regs));
  }
}
