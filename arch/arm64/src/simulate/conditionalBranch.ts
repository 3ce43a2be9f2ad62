import { field } from '../encoding/fields.js';
import { imm19Offset } from '../encoding/offsets.js';
import { type Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { conditionHolds } from './conditions.js';
import { branchIf } from './pcUpdate.js';

/** B.cond (simulate_b_cond): branches by imm19 words when cond holds for PSTATE.NZCV. */
export function simulateBCond(word: number, regs: Arm64RegisterFile): void {
  branchIf(regs, conditionHolds(field(word, 0, 4), regs.nzcv), imm19Offset(word));
}
