import { AddressSpace, type SlotRequest, type XolContext } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { Arm64InstructionAnalyzer } from '../analyze/Arm64InstructionAnalyzer.js';
import { arm64Descriptor } from '../descriptor.js';
import { readWord } from '../encoding/fields.js';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { bl, nop } from '../testing/a64Assembler.js';
import { decodedAt } from '../testing/decodedAt.js';
import { Arm64XolFixer } from './Arm64XolFixer.js';

const fixer = new Arm64XolFixer();
const analyzer = new Arm64InstructionAnalyzer();
const memory = new AddressSpace(arm64Descriptor.layout).memory;
const VADDR = 0x40_1000;
const SLOT = 0x40_0000 - 0x1000 + 8;
const STP_FRAME = 0xa9bf7bfd;
const stepped = analyzer.analyze(decodedAt(STP_FRAME, VADDR));
const request = (slotAddress: number, boostTo?: number): SlotRequest =>
  boostTo === undefined ? { slotAddress, pcRelative: 'scratch-register' } : { slotAddress, boostTo, pcRelative: 're-encode' };
const context = (): XolContext => ({ analysis: stepped, slotAddress: SLOT, saved: [] });

describe('Arm64XolFixer', () => {
  it('should copy the 4 bytes into the slot, whatever the PC-relative method', () => {
    expect(fixer.slotBytes(stepped, request(SLOT))).toEqual(stepped.instruction.bytes);
    expect(fixer.slotBytes(stepped, { slotAddress: SLOT, pcRelative: 're-encode' })).toEqual(stepped.instruction.bytes);
  });

  it('should follow a boosted copy with a B back to the next instruction', () => {
    const bytes = fixer.slotBytes(stepped, request(SLOT, VADDR + 4))!;
    expect(bytes).toHaveLength(8);
    expect(readWord(bytes)).toBe(STP_FRAME);
    // B imm26 at SLOT + 4: the displacement in words in bits 25:0.
    expect(readWord(bytes.subarray(4))).toBe(0x14000000 | ((VADDR + 4 - (SLOT + 4)) / 4));
  });

  it('should boost only within the ±128 MiB a B reaches from the slot', () => {
    const slot = 0x1000_0000;
    expect(fixer.slotBytes(stepped, request(slot, slot + 4 + 0x7ff_fffc))).toHaveLength(8);
    expect(fixer.slotBytes(stepped, request(slot, slot + 4 + 0x800_0000))).toBeUndefined();
    expect(readWord(fixer.slotBytes(stepped, request(slot, slot + 4 - 0x800_0000))!.subarray(4))).toBe(0x16000000);
    expect(fixer.slotBytes(stepped, request(slot, slot + 4 - 0x800_0004))).toBeUndefined();
    // Static programs at 0x400000 and an XOL area just below mmap_base (2^48 - 128 MiB) are far apart.
    expect(fixer.slotBytes(stepped, request(arm64Descriptor.layout.mmapBase - 0x1000, VADDR + 4))).toBeUndefined();
  });

  it('should not copy what Linux simulates or refuses', () => {
    expect(() => fixer.slotBytes(analyzer.analyze(decodedAt(nop(), VADDR)), request(SLOT))).toThrow(/not run out of line/);
    expect(() => fixer.slotBytes(analyzer.analyze(decodedAt(0xc85f7c20, VADDR)), request(SLOT))).toThrow(/not run out of line/);
  });

  it('should point the task at the slot, then at vaddr + 4 after the step, or back at vaddr on abort', () => {
    const regs = new Arm64RegisterFile();
    regs.pc = VADDR;
    const ctx = context();
    fixer.preXol(regs, ctx);
    expect(regs.pc).toBe(SLOT);
    expect(ctx.saved).toEqual([]);
    regs.pc = SLOT + 4;
    fixer.postXol(regs, memory, ctx);
    expect(regs.pc).toBe(VADDR + 4);
    fixer.preXol(regs, ctx);
    fixer.abortXol(regs, ctx);
    expect(regs.pc).toBe(VADDR);
  });

  it('should run the kernel simulations', () => {
    const regs = new Arm64RegisterFile();
    regs.pc = VADDR;
    fixer.simulate(analyzer.analyze(decodedAt(bl(0x100), VADDR)), regs, memory);
    expect(regs.pc).toBe(VADDR + 0x100);
    expect(regs.read('lr')).toBe(BigInt(VADDR + 4));
    expect(() => fixer.simulate(stepped, regs, memory)).toThrow(/not simulated/);
  });

  it('should know simulated instructions touch no memory, and not compute stepped ones', () => {
    const regs = new Arm64RegisterFile();
    expect(fixer.memoryAccesses(analyzer.analyze(decodedAt(nop(), VADDR)), regs)).toEqual([]);
    expect(fixer.memoryAccesses(stepped, regs)).toBeUndefined();
  });

  it('should hijack the return address in LR', () => {
    const regs = new Arm64RegisterFile();
    regs.write('lr', 0x40_2468n);
    regs.sp = 0xffff_ffff_e000;
    expect(fixer.hijackReturnAddress(regs, memory, 0xffff_f7ff_f000)).toBe(0x40_2468);
    expect(regs.read('lr')).toBe(0xffff_f7ff_f000n);
    expect(regs.sp).toBe(0xffff_ffff_e000);
  });

  it('should have no intermediate privilege to switch to', () => {
    const regs = new Arm64RegisterFile();
    expect(() => fixer.setIntermediatePrivilege(regs, true)).toThrow(/no privilege level between EL0 and EL1/);
    expect(() => fixer.setIntermediatePrivilege(regs, false)).not.toThrow();
  });
});
