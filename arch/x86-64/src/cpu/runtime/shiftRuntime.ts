import { setStatusFlags, statusFlags } from '../flags/lazyFlags.js';
import { FlagBits } from '../state/FlagBits.js';
import { parityFlag } from './bitsRuntime.js';

const CF = FlagBits.CF;
const OF = FlagBits.OF;

/** Replaces the status flags in `mask` with those of `flags` and keeps the others. */
function replaceFlags(F: Int32Array, mask: number, flags: number): void {
  setStatusFlags(F, (statusFlags(F) & ~mask) | (flags & mask));
}

/** The high half and the CF/OF flags of the last `rotateThroughCarry`, so that it allocates nothing. */
const rotated = new Int32Array(2);

/**
 * RCL/RCR of the `bits`-wide value (hi:lo) through CF by the masked count: the rotation is
 * modulo bits + 1, one bit at a time (the instructions are rare). Returns the low half and
 * leaves the high half in `rotated[0]` and CF|OF in `rotated[1]`: OF is MSB XOR CF after RCL and
 * the XOR of the two top bits after RCR, for every count (what the host computes).
 */
function rotateThroughCarry(lo: number, hi: number, bits: number, count: number, carry: number, left: boolean): number {
  const top = bits === 64 ? 31 : bits - 1;
  const mask = bits === 64 || bits === 32 ? -1 : (1 << bits) - 1;
  let low = lo & mask;
  let high = bits === 64 ? hi : 0;
  let cf = carry;
  for (let k = count % (bits + 1); k > 0; k--) {
    if (left) {
      const out = ((bits === 64 ? high : low) >>> top) & 1;
      if (bits === 64) high = (high << 1) | (low >>> 31);
      low = ((low << 1) | cf) & mask;
      cf = out;
    } else {
      const out = low & 1;
      low = bits === 64 ? (low >>> 1) | (high << 31) : (low >>> 1) | (cf << top);
      if (bits === 64) high = (high >>> 1) | (cf << 31);
      cf = out;
    }
  }
  const msbWord = bits === 64 ? high : low;
  const msb = (msbWord >>> top) & 1;
  const of = left ? msb ^ cf : msb ^ ((msbWord >>> (top - 1)) & 1);
  rotated[0] = high;
  rotated[1] = (cf ? CF : 0) | (of ? OF : 0);
  return low;
}

/**
 * The flags of SHRD by a non-zero count, as the host computes them: CF the last bit shifted out
 * of the destination (0 when a 16-bit count passes 16), OF the XOR of the result's two top bits
 * (the Intel definition for a count of 1, and what AMD produces for every count), AF set.
 */
function shrdFlags(a: number, ah: number, r: number, rh: number, bits: number, count: number): number {
  const pos = count - 1;
  const cf = pos >= bits ? 0 : pos >= 32 ? (ah >>> (pos - 32)) & 1 : (a >>> pos) & 1;
  const top = bits === 64 ? rh : r;
  const msb = bits === 64 ? 31 : bits - 1;
  const sign = (top >>> msb) & 1;
  const of = sign ^ ((top >>> (msb - 1)) & 1);
  const zero = (bits === 64 ? r | rh : r) === 0;
  return (cf ? CF : 0) | parityFlag(r) | FlagBits.AF | (zero ? FlagBits.ZF : 0) | (sign ? FlagBits.SF : 0) | (of ? OF : 0);
}

/** Helpers the shift instruction group's generated code calls as `H.name`. */
export const shiftRuntime = { replaceFlags, rotated, rotateThroughCarry, shrdFlags };
