import { IsaTokens } from '@ubp/core';
import { ContainerModule } from 'inversify';
import { X86SyscallAbi } from './abi/X86SyscallAbi.js';
import { X86InstructionAnalyzer } from './analyze/X86InstructionAnalyzer.js';
import { X86Cpu } from './cpu/X86Cpu.js';
import { IcedInstructionDecoder } from './decode/IcedInstructionDecoder.js';
import { x86_64Descriptor } from './descriptor.js';
import { X86HardwareBreakpoints } from './step/X86HardwareBreakpoints.js';
import { X86SingleStepper } from './step/X86SingleStepper.js';
import { X86Emulator } from './xol/X86Emulator.js';
import { X86XolFixer } from './xol/X86XolFixer.js';

/** The x86-64 architecture: every facet, CPU included. */
export const x86_64Module = new ContainerModule((options) => {
  options.bind(IsaTokens.Descriptor).toConstantValue(x86_64Descriptor);
  options.bind(IsaTokens.Decoder).toConstantValue(new IcedInstructionDecoder());
  options.bind(IsaTokens.Analyzer).toConstantValue(new X86InstructionAnalyzer());
  options.bind(IsaTokens.XolFixer).toConstantValue(new X86XolFixer());
  options.bind(IsaTokens.SingleStepper).toConstantValue(new X86SingleStepper());
  options.bind(IsaTokens.HardwareBreakpoints).toConstantValue(new X86HardwareBreakpoints());
  options.bind(IsaTokens.Emulator).toConstantValue(new X86Emulator());
  options.bind(IsaTokens.Cpu).toConstantValue(new X86Cpu());
  options.bind(IsaTokens.SyscallAbi).toConstantValue(new X86SyscallAbi());
});
