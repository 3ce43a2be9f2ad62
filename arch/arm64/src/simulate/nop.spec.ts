import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { nop } from '../testing/a64Assembler.js';
import { simulateNop } from './nop.js';

describe('simulateNop', () => {
  it('should move only the PC to the next instruction', () => {
    const regs = new Arm64RegisterFile();
    regs.pc = 0x400ffc;
    regs.setX(0, 7);
    regs.nzcv = 0x60000000;
    simulateNop(nop(), regs);
    expect(regs.pc).toBe(0x401000);
    expect(regs.read('x0')).toBe(7n);
    expect(regs.nzcv).toBe(0x60000000);
  });
});
