import { type ArchDescriptor, EM_X86_64 } from '@ubp/core';
import { cpuidLeaf } from './cpu/runtime/cpuidModel.js';
import { X86RegisterFile } from './cpu/state/X86RegisterFile.js';


/** The fixed facts of x86-64 Linux as UBP models it. */
export const x86_64Descriptor: ArchDescriptor = {
  name: 'x86-64',
  machine: 'x86_64',
  elfMachine: EM_X86_64,
  breakpoint: Uint8Array.of(0xcc),
  breakpointPcOffset: 1,
  maxInstructionBytes: 15,
  instructionAlignment: 1,
  xolSlotBytes: 128,
  hardwareBreakpoints: 4,
  intermediatePrivilege: { level: 2, name: 'CPL2 (ring 2)' },
  layout: {
    taskSize: 0x7ffffffff000,
    stackTop: 0x7ffffffff000,
    stackLimit: 8 * 1024 * 1024,
    mmapBase: 0x7ffff7fff000,
    mmapMinAddr: 0x10000,
    pieLoadBase: 0x555555554000,
  },
  platform: 'x86_64',
  // AT_HWCAP on x86-64 is CPUID.1:EDX of the processor.
  hwcap: cpuidLeaf(1)[3],
  hwcap2: 0,
  minSignalStackSize: 2048,
  createRegisters: () => new X86RegisterFile(),
};
