import { field, rn } from '../encoding/fields.js';
import { type Arm64RegisterFile, LINK_REGISTER } from '../state/Arm64RegisterFile.js';

const TWO32 = 0x1_0000_0000;

/**
 * The PC a branch to Xn lands on (AArch64.BranchAddr at EL0): Linux runs user space with
 * top-byte-ignore on (TCR_EL1.TBI0), so bits 63:56 become copies of bit 55 and a tagged
 * pointer branches to its untagged address.
 */
function branchAddress(regs: Arm64RegisterFile, n: number): number {
  const high = (regs.xHigh(n) << 8) >> 8;
  return high * TWO32 + (regs.xLow(n) >>> 0);
}

/**
 * BR/BLR/RET (simulate_br_blr_ret): PC = Xn (RET defaults to X30); BLR (opc bits 22:21 = 01)
 * sets LR to the next instruction after reading Xn, so BLR X30 branches to the old LR.
 */
export function simulateBrBlrRet(word: number, regs: Arm64RegisterFile): void {
  const target = branchAddress(regs, rn(word));
  if (field(word, 21, 2) === 0b01) regs.setX(LINK_REGISTER, regs.pc + 4);
  regs.pc = target;
}
