import { type ServiceIdentifier } from 'inversify';
import { type ArchDescriptor } from './ArchDescriptor.js';
import { type Cpu } from './Cpu.js';
import { type Emulator } from './Emulator.js';
import { type HardwareBreakpoints } from './HardwareBreakpoints.js';
import { type InstructionAnalyzer } from './InstructionAnalyzer.js';
import { type InstructionDecoder } from './InstructionDecoder.js';
import { type SingleStepper } from './SingleStepper.js';
import { type SyscallAbi } from './SyscallAbi.js';
import { type XolFixer } from './XolFixer.js';

/** One service identifier per facet an architecture module may bind. */
export const IsaTokens = {
  Descriptor: Symbol.for('@ubp/isa/Descriptor') as ServiceIdentifier<ArchDescriptor>,
  Decoder: Symbol.for('@ubp/isa/Decoder') as ServiceIdentifier<InstructionDecoder>,
  Analyzer: Symbol.for('@ubp/isa/Analyzer') as ServiceIdentifier<InstructionAnalyzer>,
  XolFixer: Symbol.for('@ubp/isa/XolFixer') as ServiceIdentifier<XolFixer>,
  SingleStepper: Symbol.for('@ubp/isa/SingleStepper') as ServiceIdentifier<SingleStepper>,
  Emulator: Symbol.for('@ubp/isa/Emulator') as ServiceIdentifier<Emulator>,
  HardwareBreakpoints: Symbol.for('@ubp/isa/HardwareBreakpoints') as ServiceIdentifier<HardwareBreakpoints>,
  Cpu: Symbol.for('@ubp/isa/Cpu') as ServiceIdentifier<Cpu>,
  SyscallAbi: Symbol.for('@ubp/isa/SyscallAbi') as ServiceIdentifier<SyscallAbi>,
} as const;

export type FacetName = keyof typeof IsaTokens;
