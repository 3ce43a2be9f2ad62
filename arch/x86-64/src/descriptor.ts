import { type ArchDescriptor, EM_X86_64, Protection } from '@ubp/core';
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
    canonicalLimit: 2 ** 47,
    impliedRead: Protection.Write | Protection.Exec,
  },
  platform: 'x86_64',
  returnValueRegister: 'rax',
  returnAddressStackBytes: 8,
  // regs_query_register_offset() on x86-64 names pt_regs fields; %ax is the whole of rax.
  traceRegisterNames: {
    ax: 'rax', bx: 'rbx', cx: 'rcx', dx: 'rdx', si: 'rsi', di: 'rdi', bp: 'rbp', sp: 'rsp', ip: 'rip', flags: 'rflags',
    r8: 'r8', r9: 'r9', r10: 'r10', r11: 'r11', r12: 'r12', r13: 'r13', r14: 'r14', r15: 'r15',
  },
  // AT_HWCAP on x86-64 is CPUID.1:EDX of the processor.
  hwcap: cpuidLeaf(1)[3],
  hwcap2: 0,
  minSignalStackSize: 2048,
  createRegisters: () => new X86RegisterFile(),
};
