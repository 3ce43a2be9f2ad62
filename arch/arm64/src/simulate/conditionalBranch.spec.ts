import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { bCond, Cond, nzcvOf } from '../testing/a64Assembler.js';
import { simulateBCond } from './conditionalBranch.js';

const PC = 0x4000_0000;

function run(cond: number, offset: number, flags: string): number {
  const regs = new Arm64RegisterFile();
  regs.pc = PC;
  regs.nzcv = nzcvOf(flags);
  simulateBCond(bCond(cond, offset), regs);
  return regs.pc;
}

describe('simulateBCond', () => {
  it('should branch forward when the condition holds and fall through when it does not', () => {
    expect(run(Cond.EQ, 0x40, 'Z')).toBe(PC + 0x40);
    expect(run(Cond.EQ, 0x40, '')).toBe(PC + 4);
  });

  it('should branch backward with a negative offset', () => {
    expect(run(Cond.NE, -0x100, '')).toBe(PC - 0x100);
  });

  it('should reach the ends of the ±1 MiB imm19 range', () => {
    expect(run(Cond.AL, (2 ** 18 - 1) * 4, '')).toBe(PC + 0xffffc);
    expect(run(Cond.AL, -(2 ** 18) * 4, '')).toBe(PC - 0x100000);
  });

  it('should always branch for AL and for NV (which A64 treats as always)', () => {
    expect(run(Cond.AL, 8, 'NZCV')).toBe(PC + 8);
    expect(run(Cond.NV, 8, '')).toBe(PC + 8);
    expect(run(Cond.NV, 8, 'NZCV')).toBe(PC + 8);
  });

  it('should use signed comparisons for GT/LE and unsigned ones for HI/LS', () => {
    expect(run(Cond.GT, 12, 'NV')).toBe(PC + 12);
    expect(run(Cond.LE, 12, 'N')).toBe(PC + 12);
    expect(run(Cond.HI, 12, 'C')).toBe(PC + 12);
    expect(run(Cond.LS, 12, 'CZ')).toBe(PC + 12);
    expect(run(Cond.HI, 12, 'CZ')).toBe(PC + 4);
  });

  it('should branch to its own address with a zero offset', () => {
    expect(run(Cond.AL, 0, '')).toBe(PC);
  });
});
