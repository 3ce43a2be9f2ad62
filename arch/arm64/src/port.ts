import { type ArchitecturePort, EM_AARCH64 } from '@ubp/core';
import { loadArm64Module } from './arm64Module.js';
import { portingGaps } from './gaps/portingGaps.js';

/** arm64 as the tools see it: decode and analysis of real binaries, the XOL hooks, no machine. */
export const arm64Port: ArchitecturePort = {
  name: 'arm64',
  machine: EM_AARCH64,
  load: loadArm64Module,
  gaps: portingGaps,
  // From dist/ or from src/, ../src/ is the sources.
  sourceRoot: new URL('../src/', import.meta.url),
  facetSources: {
    Descriptor: 'descriptor.ts',
    Decoder: 'decode/CapstoneInstructionDecoder.ts',
    Analyzer: 'analyze/Arm64InstructionAnalyzer.ts',
    XolFixer: 'xol/Arm64XolFixer.ts',
    SingleStepper: 'step/Arm64SingleStepper.ts',
    Emulator: 'emulate/Arm64SimulationEmulator.ts',
  },
};
