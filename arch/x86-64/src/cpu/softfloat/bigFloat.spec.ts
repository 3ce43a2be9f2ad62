import { describe, expect, it } from 'vitest';
import {
  add,
  arctangent,
  BIG_ONE,
  exponentialMinusOne,
  magnitude,
  naturalLog,
  naturalLogOfTwo,
  pi,
  sineCosine,
  subtract,
  type BigFloat,
} from './bigFloat.js';

/** The top `bits` bits of |x| (x ≥ 1/2 assumed), as hex. */
function leadingHex(x: BigFloat, bits: number): string {
  const m = x.m < 0n ? -x.m : x.m;
  return (m >> BigInt(m.toString(2).length - bits)).toString(16);
}

describe('working-precision functions', () => {
  it('knows π and ln 2 well beyond 128 bits', () => {
    expect(leadingHex(pi(), 130)).toBe('3243f6a8885a308d313198a2e03707344');
    expect(leadingHex(naturalLogOfTwo(), 128)).toBe('b17217f7d1cf79abc9e3b39803f2f6af');
  });

  it('evaluates the series: e − 1, ln e = 1, atan 1 = π/4, sin²+cos² = 1', () => {
    expect(leadingHex(exponentialMinusOne(BIG_ONE), 64)).toBe('dbf0a8b145769535');
    const lnE = naturalLog(add(exponentialMinusOne(BIG_ONE), BIG_ONE));
    expect(magnitude(subtract(lnE, BIG_ONE))).toBeLessThan(-190);
    expect(leadingHex(arctangent(BIG_ONE), 64)).toBe(leadingHex(pi(), 64));
    const { sine, cosine } = sineCosine({ m: 3n, e: -2 });
    const one = add({ m: sine.m * sine.m, e: 2 * sine.e }, { m: cosine.m * cosine.m, e: 2 * cosine.e });
    expect(magnitude(subtract(one, BIG_ONE))).toBeLessThan(-190);
  });
});
