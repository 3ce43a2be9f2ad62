import { describe, expect, it } from 'vitest';
import { extendedFromBits } from './ExtendedFloat.js';
import { FloatFlag, x87Context } from './flags.js';
import { DOUBLE, EXTENDED, fieldsFromDoubleBits } from './format.js';
import { defaultNaN, propagateSseNaN, propagateX87NaN } from './nan.js';
import { readOperand } from './operand.js';

const f80 = (bits: bigint) => readOperand(extendedFromBits(bits), EXTENDED);
const f64 = (bits: bigint) => readOperand(fieldsFromDoubleBits(bits), DOUBLE);

describe('NaN propagation', () => {
  it('x87: a QNaN beats an SNaN, otherwise the larger significand, and the positive one on a tie', () => {
    const ctx = x87Context(0x37f);
    expect(propagateX87NaN(f80(0x7fff8000000000000005n), f80(0xffffc000000000000001n), EXTENDED, ctx)).toEqual(
      extendedFromBits(0xffffc000000000000001n),
    );
    expect(ctx.flags).toBe(FloatFlag.invalid);
    expect(propagateX87NaN(f80(0xffffc000000000000002n), f80(0x7fffc000000000000001n), EXTENDED, ctx).significand).toBe(
      0xc000000000000002n,
    );
    expect(propagateX87NaN(f80(0xffffc000000000000001n), f80(0x7fffc000000000000001n), EXTENDED, ctx).sign).toBe(0);
  });

  it('SSE: the first source wins, quieted', () => {
    const ctx = x87Context(0x37f);
    const result = propagateSseNaN(f64(0x7ff0000000000001n), f64(0xfff8000000000002n), DOUBLE, ctx);
    expect(result).toEqual(fieldsFromDoubleBits(0x7ff8000000000001n));
    expect(ctx.flags).toBe(FloatFlag.invalid);
  });

  it('the default NaN is negative with only the quiet bit set', () => {
    expect(defaultNaN(DOUBLE)).toEqual(fieldsFromDoubleBits(0xfff8000000000000n));
  });
});
