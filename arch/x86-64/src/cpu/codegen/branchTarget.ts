import { SiCode, Signal } from '@ubp/core';
import { joinNumber } from './arithmetic64.js';
import { type BlockBuilder } from './BlockBuilder.js';
import { operandBits, readOperand, readOperand64 } from './operands.js';

/** 2^47: canonical addresses are below it, or at or above -2^47. */
const CANONICAL_LIMIT = 140737488355328;

/**
 * An indirect branch target (a number expression) in a local, checked to be canonical. The
 * processor raises #GP on the branch itself when it is not, before anything is pushed or popped,
 * so this must come before the instruction changes any state. `n` is set here because a register
 * JMP is not otherwise an instruction that may fault. `beforeFault` is a statement run first on
 * that path only (a CALL's push probe: the host reports a fault of the push before the #GP).
 */
export function canonicalTarget(b: BlockBuilder, target: string, beforeFault = ''): string {
  const t = b.temp(target);
  b.line(`if (${t} >= ${CANONICAL_LIMIT} || ${t} < -${CANONICAL_LIMIT}) { n = ${b.index}; ${beforeFault}throw H.trap(${Signal.SIGSEGV}, ${SiCode.SI_KERNEL}, 0, 'non-canonical branch target'); }`);
  return t;
}

/**
 * The target of an indirect near branch (operand 0). With an operand-size prefix the host (AMD)
 * loads RIP with the zero-extended 16-bit operand, which is always canonical.
 */
export function indirectTarget(b: BlockBuilder, beforeFault = ''): string {
  if (operandBits(b, 0) === 16) return readOperand(b, 0, 16);
  return canonicalTarget(b, joinNumber(readOperand64(b, 0)), beforeFault);
}
