import { SiCode, Signal } from '@ubp/core';
import { type BlockBuilder } from './BlockBuilder.js';

/** 2^47: canonical addresses are below it, or at or above -2^47. */
const CANONICAL_LIMIT = 140737488355328;

/**
 * An indirect branch target (a number expression) in a local, checked to be canonical. The
 * processor raises #GP on the branch itself when it is not, before anything is pushed or popped,
 * so this must come before the instruction changes any state. `n` is set here because a register
 * JMP is not otherwise an instruction that may fault.
 */
export function canonicalTarget(b: BlockBuilder, target: string): string {
  const t = b.temp(target);
  b.line(`if (${t} >= ${CANONICAL_LIMIT} || ${t} < -${CANONICAL_LIMIT}) { n = ${b.index}; throw H.trap(${Signal.SIGSEGV}, ${SiCode.SI_KERNEL}, 0, 'non-canonical branch target'); }`);
  return t;
}
