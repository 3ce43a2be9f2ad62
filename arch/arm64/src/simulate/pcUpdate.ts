import { type Arm64RegisterFile } from '../state/Arm64RegisterFile.js';

/** The instruction did not branch: the PC moves to the next one. */
export function advance(regs: Arm64RegisterFile): void {
  regs.pc += 4;
}

/** A conditional branch: to PC + `offset` when `taken`, else to the next instruction. */
export function branchIf(regs: Arm64RegisterFile, taken: boolean, offset: number): void {
  regs.pc += taken ? offset : 4;
}
