import { rd } from '../encoding/fields.js';
import { adrImmediate, adrpAddress } from '../encoding/offsets.js';
import { matches, ADRP } from '../encoding/patterns.js';
import { type Arm64RegisterFile } from '../state/Arm64RegisterFile.js';
import { advance } from './pcUpdate.js';

/** ADR/ADRP (simulate_adr_adrp): Xd = PC + imm21 bytes, or PC's 4 KiB page + imm21 pages. */
export function simulateAdrAdrp(word: number, regs: Arm64RegisterFile): void {
  const address = matches(word, ADRP) ? adrpAddress(word, regs.pc) : regs.pc + adrImmediate(word);
  regs.setX(rd(word), address);
  advance(regs);
}
