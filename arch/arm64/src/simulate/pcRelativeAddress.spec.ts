import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { adr, adrp } from '../testing/a64Assembler.js';
import { simulateAdrAdrp } from './pcRelativeAddress.js';

function run(word: number, pc: number): Arm64RegisterFile {
  const regs = new Arm64RegisterFile();
  regs.pc = pc;
  simulateAdrAdrp(word, regs);
  return regs;
}

describe('simulateAdrAdrp', () => {
  it('should compute ADR as PC plus a byte offset, with every low-bit value of immlo', () => {
    for (const offset of [0, 1, 2, 3, 5, 0x1234, -1, -2, -3, -0x1235]) {
      const regs = run(adr(2, offset), 0x40_1000);
      expect(regs.read('x2')).toBe(BigInt(0x40_1000 + offset));
      expect(regs.pc).toBe(0x40_1004);
    }
  });

  it('should reach the ends of the ±1 MiB ADR range', () => {
    expect(run(adr(0, 2 ** 20 - 1), 0x4000_0000).read('x0')).toBe(BigInt(0x4000_0000 + 0xfffff));
    expect(run(adr(0, -(2 ** 20)), 0x4000_0000).read('x0')).toBe(BigInt(0x4000_0000 - 0x100000));
  });

  it('should compute ADRP from the PC page with the low 12 bits cleared', () => {
    const regs = run(adrp(9, 3), 0x40_1ffc);
    expect(regs.read('x9')).toBe(0x40_1000n + 3n * 0x1000n);
    expect(run(adrp(9, -1), 0x40_1abc).read('x9')).toBe(0x40_0000n);
    expect(run(adrp(9, 0), 0x40_1abc).read('x9')).toBe(0x40_1000n);
  });

  it('should reach the ends of the ±4 GiB ADRP range', () => {
    const pc = 0xaaaa_aaaa_0123;
    expect(run(adrp(1, 2 ** 20 - 1), pc).read('x1')).toBe(0xaaaa_aaaa_0000n + (2n ** 20n - 1n) * 0x1000n);
    expect(run(adrp(1, -(2 ** 20)), pc).read('x1')).toBe(0xaaaa_aaaa_0000n - 2n ** 32n);
  });

  it('should wrap below address zero as 64-bit arithmetic does', () => {
    expect(run(adrp(4, -(2 ** 20)), 0x40_0000).read('x4')).toBe(2n ** 64n - 2n ** 32n + 0x40_0000n);
  });

  it('should discard the result when Rd is 31 (the zero register)', () => {
    const regs = new Arm64RegisterFile();
    regs.pc = 0x40_0000;
    regs.sp = 0x7fff_0000;
    simulateAdrAdrp(adr(31, 0x100), regs);
    expect(regs.sp).toBe(0x7fff_0000);
    expect(regs.pc).toBe(0x40_0004);
  });
});
