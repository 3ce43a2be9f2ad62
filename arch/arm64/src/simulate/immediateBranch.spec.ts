import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { b, bl } from '../testing/a64Assembler.js';
import { simulateBBl } from './immediateBranch.js';

const PC = 0x1000_0000;

function run(word: number): Arm64RegisterFile {
  const regs = new Arm64RegisterFile();
  regs.pc = PC;
  regs.write('x30', 0x1234n);
  simulateBBl(word, regs);
  return regs;
}

describe('simulateBBl', () => {
  it('should branch by the displacement, forward and backward, leaving LR alone for B', () => {
    expect(run(b(0x800)).pc).toBe(PC + 0x800);
    expect(run(b(-0x800)).pc).toBe(PC - 0x800);
    expect(run(b(0x800)).read('lr')).toBe(0x1234n);
  });

  it('should reach the ends of the ±128 MiB imm26 range', () => {
    expect(run(b((2 ** 25 - 1) * 4)).pc).toBe(PC + 0x7ff_fffc);
    expect(run(b(-(2 ** 25) * 4)).pc).toBe(PC - 0x800_0000);
  });

  it('should set LR to the address after BL', () => {
    const regs = run(bl(-0x40));
    expect(regs.pc).toBe(PC - 0x40);
    expect(regs.read('x30')).toBe(BigInt(PC + 4));
  });
});
