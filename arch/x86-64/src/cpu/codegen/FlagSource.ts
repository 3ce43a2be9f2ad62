import { type FlagKindValue } from '../flags/FlagOp.js';

/**
 * The instruction in the current block that last set the status flags, with the names of the
 * locals holding its operands and result, so that a later Jcc/SETcc/CMOVcc in the same block
 * can test them directly instead of going through the lazy evaluator.
 */
export interface FlagSource {
  readonly kind: FlagKindValue;
  readonly bits: number;
  readonly a: string;
  readonly b: string;
  readonly r: string;
  /** High halves for 64-bit operations. */
  readonly ah: string;
  readonly bh: string;
  readonly rh: string;
}
