import { describe, expect, it } from 'vitest';
import { Arm64RegisterFile, arm64Registers } from './Arm64RegisterFile.js';

describe('Arm64RegisterFile', () => {
  it('should name x0-x30, w0-w30, sp, pc, lr, fp and nzcv', () => {
    const names = new Arm64RegisterFile().names;
    for (const name of ['x0', 'x30', 'w0', 'w30', 'sp', 'pc', 'lr', 'fp', 'nzcv']) expect(names).toContain(name);
    expect(names).not.toContain('x31');
    expect(names).toHaveLength(31 + 31 + 5);
  });

  it('should read Wn as the low half of Xn and zero the high half on a Wn write', () => {
    const regs = new Arm64RegisterFile();
    regs.write('x7', 0xdead_beef_cafe_f00dn);
    expect(regs.read('w7')).toBe(0xcafe_f00dn);
    regs.write('w7', 0x1_2345_6789n);
    expect(regs.read('x7')).toBe(0x2345_6789n);
  });

  it('should alias lr to x30 and fp to x29', () => {
    const regs = new Arm64RegisterFile();
    regs.write('lr', 0x40_1000n);
    regs.write('fp', 0xffff_ffff_f000n);
    expect(regs.read('x30')).toBe(0x40_1000n);
    expect(regs.read('x29')).toBe(0xffff_ffff_f000n);
  });

  it('should keep SP apart from the zero register that number 31 names in most fields', () => {
    const regs = new Arm64RegisterFile();
    regs.sp = 0xffff_ffff_e000;
    expect(regs.read('sp')).toBe(0xffff_ffff_e000n);
    expect(regs.xLow(31)).toBe(0);
    expect(regs.xHigh(31)).toBe(0);
    regs.setX(31, 5);
    expect(regs.sp).toBe(0xffff_ffff_e000);
  });

  it('should hold negative numbers as 64-bit two\'s complement', () => {
    const regs = new Arm64RegisterFile();
    regs.setX(1, -4096);
    expect(regs.read('x1')).toBe(2n ** 64n - 4096n);
    expect(regs.get64(1)).toBe(-4096);
    regs.pc = -0x1000;
    expect(regs.read('pc')).toBe(0xffff_ffff_ffff_f000n);
  });

  it('should keep only N, Z, C and V in nzcv', () => {
    const regs = new Arm64RegisterFile();
    regs.write('nzcv', 0xffff_ffffn);
    expect(regs.read('nzcv')).toBe(0xf000_0000n);
  });

  it('should clone deeply', () => {
    const regs = new Arm64RegisterFile();
    regs.write('x3', 3n);
    regs.pc = 0x40_0000;
    regs.nzcv = 0x4000_0000;
    regs.singleStep = true;
    const copy = regs.clone();
    regs.write('x3', 4n);
    expect(copy.read('x3')).toBe(3n);
    expect([copy.pc, copy.nzcv, copy.singleStep]).toEqual([0x40_0000, 0x4000_0000, true]);
  });

  it('should refuse unknown names and registers of other architectures', () => {
    const regs = new Arm64RegisterFile();
    expect(() => regs.read('rax')).toThrow(/unknown arm64 register/);
    expect(() => regs.write('x31', 0n)).toThrow(/unknown arm64 register/);
    expect(arm64Registers(regs)).toBe(regs);
    expect(() => arm64Registers({ ...regs, pc: 0, sp: 0 } as never)).toThrow(/another architecture/);
  });
});
