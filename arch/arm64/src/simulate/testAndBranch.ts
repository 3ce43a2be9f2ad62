import { field, rd } from '../encoding/fields.js';
import { imm14Offset } from '../encoding/offsets.js';
import { type Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { branchIf } from './pcUpdate.js';

/**
 * TBZ/TBNZ (simulate_tbz_tbnz): tests bit b5:b40 of Xt (bit 31 and bits 23:19; below 32 the
 * assembler names the register Wt), op (bit 24) says whether the branch is taken on a one.
 */
export function simulateTbzTbnz(word: number, regs: Arm64RegisterFile): void {
  const t = rd(word);
  const bit = (field(word, 31, 1) << 5) | field(word, 19, 5);
  const half = bit < 32 ? regs.xLow(t) : regs.xHigh(t);
  const set = ((half >>> (bit & 31)) & 1) === 1;
  const onOne = field(word, 24, 1) === 1;
  branchIf(regs, set === onOne, imm14Offset(word));
}
