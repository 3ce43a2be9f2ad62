import { type ArchitecturePort, EM_X86_64 } from '@ubp/core';
import { portingGaps } from './gaps/portingGaps.js';
import { x86_64Module } from './x86_64Module.js';

/** x86-64 as the tools see it: every facet bound, a CPU that runs static Linux programs. */
export const x86_64Port: ArchitecturePort = {
  name: 'x86-64',
  machine: EM_X86_64,
  load: () => x86_64Module,
  gaps: portingGaps,
  // From dist/ or from src/, ../src/ is the sources.
  sourceRoot: new URL('../src/', import.meta.url),
  facetSources: {
    Descriptor: 'descriptor.ts',
    Decoder: 'decode/IcedInstructionDecoder.ts',
    Analyzer: 'analyze/X86InstructionAnalyzer.ts',
    XolFixer: 'xol/X86XolFixer.ts',
    SingleStepper: 'step/X86SingleStepper.ts',
    HardwareBreakpoints: 'step/X86HardwareBreakpoints.ts',
    Emulator: 'xol/X86Emulator.ts',
    Cpu: 'cpu/X86Cpu.ts',
    SyscallAbi: 'abi/X86SyscallAbi.ts',
  },
};
