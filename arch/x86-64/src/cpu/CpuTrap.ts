import { InstructionFault } from '@ubp/core';

/** A CPU exception raised by generated code; the core sees it as an InstructionFault. */
export class CpuTrap extends InstructionFault {}
