import { type DecodedInstruction } from './DecodedInstruction.js';
import { type InstructionAnalysis } from './InstructionAnalysis.js';

/** Analysis facet: may this instruction be probed, and what does running it elsewhere require? */
export interface InstructionAnalyzer {
  analyze(instruction: DecodedInstruction): InstructionAnalysis;
}
