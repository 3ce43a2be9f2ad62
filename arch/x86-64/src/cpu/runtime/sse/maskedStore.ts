import { type GuestMemory } from '@ubp/core';
import { probeWrite } from './probeWrite.js';
import { type IntegerLanes } from './xmmLanes.js';

/**
 * MASKMOVDQU (16 bytes of XMM registers) and MASKMOVQ (8 bytes of MMX registers): the bytes of
 * register `data` whose byte in register `select` has its top bit set are stored from `address`
 * on. Like the host, it faults when any of the bytes cannot be written, whatever the mask, and
 * then stores nothing.
 */
export function maskedStore(M: GuestMemory, address: number, registers: IntegerLanes, data: number, select: number, bytes: number): void {
  probeWrite(M, address, bytes);
  const b = registers.xb;
  for (let i = 0; i < bytes; i++) if ((b[16 * select + i]! & 0x80) !== 0) M.w8(address + i, b[16 * data + i]!);
}
