import { type GuestMemory, PAGE_SIZE } from '@ubp/core';

/**
 * Faults, before anything is stored, when a store of `length` bytes (at most a page) from `a` could
 * not complete; the fault names the first byte that cannot be written, as the hardware reports it
 * (the start of the second page for a store crossing into it).
 */
export function probeWrite(M: GuestMemory, a: number, length: number): void {
  M.pageFor(a, 'write');
  const next = a - (a & (PAGE_SIZE - 1)) + PAGE_SIZE;
  if (next < a + length) M.pageFor(next, 'write');
}
