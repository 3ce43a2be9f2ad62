import { type ArchDescriptor } from '../isa/ArchDescriptor.js';
import { type Emulator } from '../isa/Emulator.js';
import { type HardwareBreakpoints } from '../isa/HardwareBreakpoints.js';
import { type InstructionAnalyzer } from '../isa/InstructionAnalyzer.js';
import { type InstructionDecoder } from '../isa/InstructionDecoder.js';
import { type SingleStepper } from '../isa/SingleStepper.js';
import { type XolFixer } from '../isa/XolFixer.js';

/** The facets the probe layer and the strategies draw on; the optional ones are what strategies differ in. */
export interface ProbeFacets {
  readonly descriptor: ArchDescriptor;
  readonly decoder: InstructionDecoder;
  readonly analyzer: InstructionAnalyzer;
  readonly fixer: XolFixer | undefined;
  readonly stepper: SingleStepper | undefined;
  readonly emulator: Emulator | undefined;
  readonly breakpoints: HardwareBreakpoints | undefined;
}
