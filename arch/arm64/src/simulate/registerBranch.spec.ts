import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { blr, br, ret } from '../testing/a64Assembler.js';
import { simulateBrBlrRet } from './registerBranch.js';

const PC = 0x40_0800;

function run(word: number, setup: (regs: Arm64RegisterFile) => void): Arm64RegisterFile {
  const regs = new Arm64RegisterFile();
  regs.pc = PC;
  setup(regs);
  simulateBrBlrRet(word, regs);
  return regs;
}

describe('simulateBrBlrRet', () => {
  it('should branch to Xn for BR without touching LR', () => {
    const regs = run(br(16), (r) => {
      r.write('x16', 0x41_2340n);
      r.write('lr', 7n);
    });
    expect(regs.pc).toBe(0x41_2340);
    expect(regs.read('lr')).toBe(7n);
  });

  it('should set LR to PC + 4 for BLR, after reading the target (BLR X30)', () => {
    const regs = run(blr(30), (r) => r.write('x30', 0x45_0000n));
    expect(regs.pc).toBe(0x45_0000);
    expect(regs.read('x30')).toBe(BigInt(PC + 4));
  });

  it('should return to X30 for RET and to Xn for RET Xn', () => {
    expect(run(ret(), (r) => r.write('x30', 0x40_1230n)).pc).toBe(0x40_1230);
    const regs = run(ret(3), (r) => {
      r.write('x3', 0xffff_f7ff_1000n);
      r.write('x30', 0x40_1230n);
    });
    expect(regs.pc).toBe(0xffff_f7ff_1000);
    expect(regs.read('x30')).toBe(0x40_1230n);
  });

  it('should branch to address 0 through register 31, the zero register', () => {
    expect(run(br(31), (r) => (r.sp = 0x7fff_0000)).pc).toBe(0);
  });

  it('should drop a pointer tag in bits 63:56 (top-byte-ignore at EL0)', () => {
    expect(run(br(1), (r) => r.write('x1', 0x5a00_0000_0040_1000n)).pc).toBe(0x40_1000);
    expect(run(br(1), (r) => r.write('x1', 0x0f80_0000_0000_1000n)).read('pc')).toBe(0xff80_0000_0000_1000n);
  });
});
