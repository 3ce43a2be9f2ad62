import { type HardwareBreakpoints, type RegisterFile } from '@ubp/core';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';

/** DR0-DR3 as execution breakpoints (DR7 L0-L3 with R/W = 00, LEN = 00). */
export class X86HardwareBreakpoints implements HardwareBreakpoints {
  readonly count = 4;

  arm(regs: RegisterFile, slot: number, address: number): void {
    const s = regs as X86RegisterFile;
    s.dr[slot] = address;
    s.drEnabled |= 1 << slot;
  }

  disarm(regs: RegisterFile, slot: number): void {
    (regs as X86RegisterFile).drEnabled &= ~(1 << slot);
  }

  armed(regs: RegisterFile, slot: number): boolean {
    return ((regs as X86RegisterFile).drEnabled & (1 << slot)) !== 0;
  }

  resume(regs: RegisterFile): void {
    (regs as X86RegisterFile).resume = true;
  }
}
