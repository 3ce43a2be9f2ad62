import { field } from '../encoding/fields.js';
import { imm26Offset } from '../encoding/offsets.js';
import { type Arm64RegisterFile, LINK_REGISTER } from '../state/Arm64RegisterFile.js';

/** B/BL (simulate_b_bl): PC + imm26 words; BL (bit 31) first sets LR to the next instruction. */
export function simulateBBl(word: number, regs: Arm64RegisterFile): void {
  if (field(word, 31, 1) === 1) regs.setX(LINK_REGISTER, regs.pc + 4);
  regs.pc += imm26Offset(word);
}
