import { describe, expect, it } from 'vitest';
import { RoundingMode, sseContext, x87Context } from './flags.js';

describe('contexts', () => {
  it('reads RC and PC from the x87 control word', () => {
    expect(x87Context(0x037f)).toMatchObject({ rounding: RoundingMode.nearest, precision: 64 });
    expect(x87Context(0x027f)).toMatchObject({ precision: 53 });
    expect(x87Context(0x0c7f)).toMatchObject({ rounding: RoundingMode.towardZero, precision: 24 });
  });

  it('reads RC, DAZ and FTZ from MXCSR', () => {
    expect(sseContext(0x1f80)).toMatchObject({ rounding: RoundingMode.nearest, denormalsAreZero: false, flushToZero: false });
    expect(sseContext(0xbfc0)).toMatchObject({ rounding: RoundingMode.down, denormalsAreZero: true, flushToZero: true });
  });
});
