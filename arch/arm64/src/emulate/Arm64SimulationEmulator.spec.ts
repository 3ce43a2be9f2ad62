import { AddressSpace } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { Arm64InstructionAnalyzer } from '../analyze/Arm64InstructionAnalyzer.js';
import { arm64Descriptor } from '../descriptor.js';
import { Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { bCond, Cond, nzcvOf } from '../testing/a64Assembler.js';
import { decodedAt } from '../testing/decodedAt.js';
import { Arm64SimulationEmulator } from './Arm64SimulationEmulator.js';

const emulator = new Arm64SimulationEmulator();
const analyzer = new Arm64InstructionAnalyzer();
const memory = new AddressSpace(arm64Descriptor.layout).memory;

describe('Arm64SimulationEmulator', () => {
  it('should execute what Linux simulates', () => {
    const regs = new Arm64RegisterFile();
    regs.pc = 0x40_0000;
    regs.nzcv = nzcvOf('Z');
    emulator.emulate(analyzer.analyze(decodedAt(bCond(Cond.EQ, -0x20), 0x40_0000)), regs, memory);
    expect(regs.pc).toBe(0x40_0000 - 0x20);
  });

  it('should refuse, leaving the registers alone, anything with an emulateRefusal', () => {
    const regs = new Arm64RegisterFile();
    regs.pc = 0x40_0000;
    const stp = analyzer.analyze(decodedAt(0xa9bf7bfd, 0x40_0000));
    expect(() => emulator.emulate(stp, regs, memory)).toThrow(/no arm64 emulator/);
    expect(regs.pc).toBe(0x40_0000);
  });
});
