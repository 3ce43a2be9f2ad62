import { FlagBits } from '../state/FlagBits.js';

/** PF of a result: set when its low byte has an even number of ones. */
export function parityFlag(value: number): number {
  let v = value & 0xff;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1 ? 0 : FlagBits.PF;
}

/** Helpers the bits instruction group's generated code calls as `H.name`. */
export const bitsRuntime = { parityFlag };
