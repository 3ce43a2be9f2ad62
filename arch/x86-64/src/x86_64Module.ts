import { IsaTokens } from '@ubp/core';
import { ContainerModule } from 'inversify';
import { X86SyscallAbi } from './abi/X86SyscallAbi.js';
import { X86Cpu } from './cpu/X86Cpu.js';
import { IcedInstructionDecoder } from './decode/IcedInstructionDecoder.js';
import { x86_64Descriptor } from './descriptor.js';

/** The x86-64 architecture: binds the facets it provides. */
export const x86_64Module = new ContainerModule((options) => {
  options.bind(IsaTokens.Descriptor).toConstantValue(x86_64Descriptor);
  options.bind(IsaTokens.Decoder).toConstantValue(new IcedInstructionDecoder());
  options.bind(IsaTokens.Cpu).toConstantValue(new X86Cpu());
  options.bind(IsaTokens.SyscallAbi).toConstantValue(new X86SyscallAbi());
});
