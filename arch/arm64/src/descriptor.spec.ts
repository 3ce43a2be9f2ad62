import { EM_AARCH64 } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { arm64Descriptor } from './descriptor.js';
import { Arm64RegisterFile } from './state/Arm64RegisterFile.js';

describe('arm64Descriptor', () => {
  it('should describe AArch64 Linux', () => {
    expect(arm64Descriptor).toMatchObject({
      name: 'arm64',
      machine: 'aarch64',
      platform: 'aarch64',
      elfMachine: EM_AARCH64,
      maxInstructionBytes: 4,
      instructionAlignment: 4,
      xolSlotBytes: 4,
      breakpointPcOffset: 0,
      intermediatePrivilege: undefined,
      returnValueRegister: 'x0',
      returnAddressStackBytes: 0,
    });
    expect(arm64Descriptor.createRegisters()).toBeInstanceOf(Arm64RegisterFile);
  });

  it('should use BRK #5 (BRK64_OPCODE_UPROBES, 0xd42000a0) as the breakpoint, little-endian', () => {
    expect([...arm64Descriptor.breakpoint]).toEqual([0xa0, 0x00, 0x20, 0xd4]);
  });

  it('should lay out a 48-bit user address space as Linux does without randomisation', () => {
    const { layout } = arm64Descriptor;
    expect(layout.taskSize).toBe(0x1_0000_0000_0000);
    expect(layout.stackTop).toBe(layout.taskSize);
    expect(layout.mmapBase).toBe(0xffff_f800_0000);
    expect(layout.pieLoadBase).toBe(Math.floor((2 * 2 ** 48) / 3 / 0x10000) * 0x10000);
  });

  it('should report FP, ASIMD, EVTSTRM and CPUID in AT_HWCAP', () => {
    expect(arm64Descriptor.hwcap).toBe(0b1000_0000_0111);
    expect(arm64Descriptor.hwcap2).toBe(0);
  });

  it("should map uprobe_events register names onto the register file's", () => {
    const regs = new Arm64RegisterFile();
    for (const ours of Object.values(arm64Descriptor.traceRegisterNames)) expect(regs.names).toContain(ours);
    expect(arm64Descriptor.traceRegisterNames['pstate']).toBe('nzcv');
    expect(Object.keys(arm64Descriptor.traceRegisterNames)).toHaveLength(34);
  });
});
