import { type GuestMemory } from '@ubp/core';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { probeWrite } from './probeWrite.js';

/**
 * MASKMOVDQU: the bytes of register `data` whose byte in register `select` has its top bit set
 * are stored from `address` on. Like the host, it faults when any of the 16 bytes cannot be
 * written, whatever the mask, and then stores nothing.
 */
export function maskedStore(s: X86RegisterFile, M: GuestMemory, address: number, data: number, select: number): void {
  probeWrite(M, address, 16);
  for (let i = 0; i < 16; i++) if ((s.xb[16 * select + i]! & 0x80) !== 0) M.w8(address + i, s.xb[16 * data + i]!);
}
