import { type BlockBuilder } from './BlockBuilder.js';
import { type Pair } from './Pair.js';

/** a + b (+ carry) on 64-bit pairs, exact: the low halves are summed as numbers and the carry moved up. */
export function add64(b: BlockBuilder, a: Pair, x: Pair, carry = '0'): Pair {
  const t = b.temp(`(${a.lo} >>> 0) + (${x.lo} >>> 0) + ${carry}`);
  return { lo: b.temp(`${t} | 0`), hi: b.temp(`(${a.hi} + ${x.hi} + (${t} > 4294967295 ? 1 : 0)) | 0`) };
}

/** a - b (- borrow) on 64-bit pairs. */
export function sub64(b: BlockBuilder, a: Pair, x: Pair, borrow = '0'): Pair {
  const t = b.temp(`(${a.lo} >>> 0) - (${x.lo} >>> 0) - ${borrow}`);
  return { lo: b.temp(`${t} | 0`), hi: b.temp(`(${a.hi} - ${x.hi} - (${t} < 0 ? 1 : 0)) | 0`) };
}

/** A 64-bit pair from a signed JS number expression (exact below 2^53). */
export function splitNumber(b: BlockBuilder, value: string): Pair {
  const t = b.temp(value);
  return { lo: b.temp(`${t} | 0`), hi: b.temp(`Math.floor(${t} * 2.3283064365386963e-10) | 0`) };
}

/** The signed JS number of a 64-bit pair (exact when it is an address). */
export function joinNumber(value: Pair): string {
  return `(${value.hi} * 4294967296 + (${value.lo} >>> 0))`;
}
