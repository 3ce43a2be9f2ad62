import { IsaTokens } from '@ubp/core';
import { ContainerModule } from 'inversify';
import { Arm64InstructionAnalyzer } from './analyze/Arm64InstructionAnalyzer.js';
import { type CapstoneInstructionDecoder, createCapstoneDecoder } from './decode/CapstoneInstructionDecoder.js';
import { arm64Descriptor } from './descriptor.js';
import { Arm64SimulationEmulator } from './emulate/Arm64SimulationEmulator.js';
import { Arm64SingleStepper } from './step/Arm64SingleStepper.js';
import { Arm64XolFixer } from './xol/Arm64XolFixer.js';

let decoder: Promise<CapstoneInstructionDecoder> | undefined;

/** capstone-wasm is loaded once per process; a failed load is retried on the next call. */
function sharedDecoder(): Promise<CapstoneInstructionDecoder> {
  decoder ??= createCapstoneDecoder().catch((error: unknown) => {
    decoder = undefined;
    throw error;
  });
  return decoder;
}

/**
 * The arm64 architecture, once its decoder has loaded: binds the facets the skeleton provides
 * (descriptor, decode, analysis, XOL fixup, single-step, and the emulate facet limited to
 * Linux's simulations) and nothing for the others (CPU, syscall ABI, hardware breakpoints;
 * see portingGaps). Rejects with a one-line reason when capstone-wasm cannot be loaded.
 */
export async function loadArm64Module(): Promise<ContainerModule> {
  const decode = await sharedDecoder();
  return new ContainerModule((options) => {
    options.bind(IsaTokens.Descriptor).toConstantValue(arm64Descriptor);
    options.bind(IsaTokens.Decoder).toConstantValue(decode);
    options.bind(IsaTokens.Analyzer).toConstantValue(new Arm64InstructionAnalyzer());
    options.bind(IsaTokens.XolFixer).toConstantValue(new Arm64XolFixer());
    options.bind(IsaTokens.SingleStepper).toConstantValue(new Arm64SingleStepper());
    options.bind(IsaTokens.Emulator).toConstantValue(new Arm64SimulationEmulator());
  });
}
