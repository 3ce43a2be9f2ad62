import { type Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { advance } from './pcUpdate.js';

/** NOP (simulate_nop): only the PC moves. */
export function simulateNop(_word: number, regs: Arm64RegisterFile): void {
  advance(regs);
}
