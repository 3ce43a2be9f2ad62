import { type BlockBuilder } from '../codegen/BlockBuilder.js';

/**
 * For instructions that write only some of the status flags (rotates, BT, MUL, DIV, CMPXCHG8B):
 * replaces the flags in `mask` with those of `flags`, an expression of RFLAGS bits, and keeps the
 * others, which no lazy kind can express.
 */
export function setSomeFlags(b: BlockBuilder, mask: number, flags: string): void {
  b.flagSource = undefined;
  if (b.flagsLive) b.line(`H.replaceFlags(F, ${mask}, ${flags});`);
}
