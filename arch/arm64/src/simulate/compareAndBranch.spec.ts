import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { cbnz, cbz } from '../testing/a64Assembler.js';
import { simulateCbzCbnz } from './compareAndBranch.js';

const PC = 0x41_0000;

function run(word: number, setup: (regs: Arm64RegisterFile) => void): number {
  const regs = new Arm64RegisterFile();
  regs.pc = PC;
  setup(regs);
  simulateCbzCbnz(word, regs);
  return regs.pc;
}

describe('simulateCbzCbnz', () => {
  it('should take CBZ on zero and CBNZ on non-zero', () => {
    expect(run(cbz(true, 3, 0x20), () => {})).toBe(PC + 0x20);
    expect(run(cbz(true, 3, 0x20), (r) => r.write('x3', 1n))).toBe(PC + 4);
    expect(run(cbnz(true, 3, 0x20), (r) => r.write('x3', 1n))).toBe(PC + 0x20);
    expect(run(cbnz(true, 3, 0x20), () => {})).toBe(PC + 4);
  });

  it('should compare only Wt in the 32-bit form', () => {
    const highOnly = (r: Arm64RegisterFile) => r.write('x5', 0x1_0000_0000n);
    expect(run(cbz(false, 5, 0x40), highOnly)).toBe(PC + 0x40);
    expect(run(cbz(true, 5, 0x40), highOnly)).toBe(PC + 4);
    expect(run(cbnz(false, 5, 0x40), highOnly)).toBe(PC + 4);
    expect(run(cbnz(true, 5, 0x40), highOnly)).toBe(PC + 0x40);
  });

  it('should read register 31 as the zero register, not SP', () => {
    const stack = (r: Arm64RegisterFile) => {
      r.sp = 0x7fff_f000;
    };
    expect(run(cbz(true, 31, 8), stack)).toBe(PC + 8);
    expect(run(cbnz(true, 31, 8), stack)).toBe(PC + 4);
  });

  it('should reach the ends of the ±1 MiB range and branch backward', () => {
    expect(run(cbz(true, 0, (2 ** 18 - 1) * 4), () => {})).toBe(PC + 0xffffc);
    expect(run(cbz(true, 0, -(2 ** 18) * 4), () => {})).toBe(PC - 0x100000);
    expect(run(cbz(false, 0, -4), () => {})).toBe(PC - 4);
  });
});
