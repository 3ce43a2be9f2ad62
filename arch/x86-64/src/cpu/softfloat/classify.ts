import { type ExtendedFloat } from './ExtendedFloat.js';
import { EXTENDED } from './format.js';
import { operandKind } from './operand.js';

export const ConditionCode = { c0: 0x0100, c1: 0x0200, c2: 0x0400, c3: 0x4000 } as const;

/** fxam of an empty register: C3 and C0 (C1 still reports the sign field). */
export const EXAMINE_EMPTY = ConditionCode.c3 | ConditionCode.c0;

/**
 * fxam: the class in C3 C2 C0 and the sign in C1, in status-word positions.
 * Unsupported encodings (unnormals, pseudo-NaNs, pseudo-infinities) are
 * 000; pseudo-denormals are reported as denormals.
 */
export function examineExtended(value: ExtendedFloat): number {
  const sign = value.sign === 1 ? ConditionCode.c1 : 0;
  return sign | classCodes(value);
}

function classCodes(value: ExtendedFloat): number {
  switch (operandKind(value, EXTENDED)) {
    case 'unsupported':
      return 0;
    case 'quietNaN':
    case 'signalingNaN':
      return ConditionCode.c0;
    case 'normal':
      return ConditionCode.c2;
    case 'infinity':
      return ConditionCode.c2 | ConditionCode.c0;
    case 'zero':
      return ConditionCode.c3;
    case 'denormal':
      return ConditionCode.c3 | ConditionCode.c2;
  }
}
