import { type GuestMemory, PAGE_SIZE, pageDown } from '@ubp/core';
import { MAX_INSTRUCTION_BYTES } from '../../decode/decodeX86.js';

export interface FetchedCode {
  readonly bytes: Uint8Array;
  /** Where the first page ends: a block starts no instruction at or past it. */
  readonly pageEnd: number;
}

/**
 * Fetches the executable bytes from `address` to the end of its page, plus what an instruction
 * crossing into the next page needs (MAX_INSTRUCTION_BYTES) if that page is executable too. Throws GuestFault when
 * `address` itself cannot be executed.
 */
export function fetchCode(memory: GuestMemory, address: number): FetchedCode {
  const pageEnd = pageDown(address) + PAGE_SIZE;
  const head = memory.read(address, pageEnd - address, 'exec');
  let tail: Uint8Array | undefined;
  try {
    tail = memory.read(pageEnd, MAX_INSTRUCTION_BYTES, 'exec');
  } catch {
    tail = undefined;
  }
  if (tail === undefined) return { bytes: head, pageEnd };
  const bytes = new Uint8Array(head.length + tail.length);
  bytes.set(head);
  bytes.set(tail, head.length);
  return { bytes, pageEnd };
}
