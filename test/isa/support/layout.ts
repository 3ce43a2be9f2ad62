/**
 * Where the harness puts things, the same on the host and in the emulator: below 4 GiB so that
 * 32-bit addressing (0x67) reaches them, and above where a static runner's heap can start (the
 * kernel randomises the brk of a 64-bit task over 1 GiB after its image at 0x400000).
 */
export const PAGE = 4096;
/** Two pages of scratch memory that instructions address through registers; the second can be made read-only or unmapped. */
export const SCRATCH_ADDRESS = 0x6000_0000;
export const SCRATCH_SIZE = 2 * PAGE;
/** The page holding the snippet, filled with int3 (0xcc) after it: the int3 that follows, or wherever a branch lands, stops the run. */
export const CODE_ADDRESS = 0x6001_0000;
/** The default RSP: in the middle of the first scratch page, so pushes and pops stay in compared memory. */
export const STACK_ADDRESS = SCRATCH_ADDRESS + 0x800;
/** The int3 opcode. */
export const STOP_MARKER = 0xcc;
