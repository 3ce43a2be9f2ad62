import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { tbnz, tbz } from '../testing/a64Assembler.js';
import { simulateTbzTbnz } from './testAndBranch.js';

const PC = 0x40_2000;

function run(word: number, x7: bigint): number {
  const regs = new Arm64RegisterFile();
  regs.pc = PC;
  regs.write('x7', x7);
  simulateTbzTbnz(word, regs);
  return regs.pc;
}

describe('simulateTbzTbnz', () => {
  it('should test every bit number from 0 to 63, below and above 32', () => {
    for (let bit = 0; bit < 64; bit++) {
      const only = 1n << BigInt(bit);
      expect(run(tbnz(7, bit, 0x10), only), `tbnz bit ${bit} set`).toBe(PC + 0x10);
      expect(run(tbz(7, bit, 0x10), only), `tbz bit ${bit} set`).toBe(PC + 4);
      expect(run(tbz(7, bit, 0x10), ~only & 0xffff_ffff_ffff_ffffn), `tbz bit ${bit} clear`).toBe(PC + 0x10);
      expect(run(tbnz(7, bit, 0x10), ~only & 0xffff_ffff_ffff_ffffn), `tbnz bit ${bit} clear`).toBe(PC + 4);
    }
  });

  it('should tell bit 0 from bit 32 (b5 is the top bit of the number)', () => {
    expect(run(tbnz(7, 32, 8), 1n)).toBe(PC + 4);
    expect(run(tbnz(7, 0, 8), 1n << 32n)).toBe(PC + 4);
    expect(run(tbnz(7, 63, 8), 1n << 63n)).toBe(PC + 8);
  });

  it('should reach the ends of the ±32 KiB imm14 range', () => {
    expect(run(tbz(7, 1, (2 ** 13 - 1) * 4), 0n)).toBe(PC + 0x7ffc);
    expect(run(tbz(7, 1, -(2 ** 13) * 4), 0n)).toBe(PC - 0x8000);
  });
});
