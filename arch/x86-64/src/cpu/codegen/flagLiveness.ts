import { type X86Insn } from '../../decode/X86Insn.js';

/** iced RflagsBits of the six status flags. */
const STATUS = 0x3f;

/**
 * For each instruction of a block, whether the status flags it writes may be observed: read
 * by a later instruction before being overwritten, live at the block's end, or visible in a
 * signal frame because a later instruction can fault before they are overwritten.
 */
export function flagLiveness(
  instructions: readonly X86Insn[],
  mayFault: (insn: X86Insn) => boolean,
  writesFlagsUnconditionally: (insn: X86Insn) => boolean,
): boolean[] {
  const live: boolean[] = new Array<boolean>(instructions.length);
  let needed = STATUS;
  for (let i = instructions.length - 1; i >= 0; i--) {
    const insn = instructions[i]!;
    const written = writesFlagsUnconditionally(insn) ? insn.flagsModified & STATUS : 0;
    live[i] = (needed & insn.flagsModified & STATUS) !== 0;
    needed = (needed & ~written) | (insn.flagsRead & STATUS);
    if (mayFault(insn)) needed = STATUS;
  }
  return live;
}
