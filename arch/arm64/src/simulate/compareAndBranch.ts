import { field, rd } from '../encoding/fields.js';
import { imm19Offset } from '../encoding/offsets.js';
import { type Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { branchIf } from './pcUpdate.js';

/**
 * CBZ/CBNZ (simulate_cbz_cbnz): sf (bit 31) says whether Xt or only Wt is compared with zero,
 * op (bit 24) whether the branch is taken on non-zero.
 */
export function simulateCbzCbnz(word: number, regs: Arm64RegisterFile): void {
  const t = rd(word);
  const wide = field(word, 31, 1) === 1;
  const zero = regs.xLow(t) === 0 && (!wide || regs.xHigh(t) === 0);
  const onNonZero = field(word, 24, 1) === 1;
  branchIf(regs, zero !== onNonZero, imm19Offset(word));
}
