import { describe, expect, it } from 'vitest';
import {
  doubleToInteger,
  doubleToSingle,
  extendedFromDouble,
  extendedFromInteger,
  extendedFromNumber,
  extendedFromSingle,
  extendedToDouble,
  extendedToInteger,
  extendedToSingle,
  integerIndefinite,
  integerToSingle,
  numberFromExtended,
} from './convert.js';
import { extendedFromBits, extendedToBits } from './ExtendedFloat.js';
import { FloatFlag, RoundingMode, sseContext, x87Context } from './flags.js';
import { CaseRandom, DOUBLE_OPERANDS, EXTENDED_OPERANDS, hex32, hex64, hex80, MXCSR_VALUES, SINGLE_OPERANDS, X87_CONTROL_WORDS } from './oracle/cases.js';
import { describeAgainstHost, expectAgreementWithHost } from './oracle/hostSuite.js';

const x = (bits: bigint) => extendedFromBits(bits);

describe('float conversions', () => {
  it('loads a binary32 denormal exactly, normalised, flagging DE', () => {
    const ctx = x87Context(0x37f);
    expect(extendedToBits(extendedFromSingle(0x00400000, ctx))).toBe(0x3f808000000000000000n);
    expect(ctx.flags).toBe(FloatFlag.denormal);
  });

  it('quiets a loaded SNaN, keeping its payload, and flags IE', () => {
    const ctx = x87Context(0x37f);
    expect(extendedToBits(extendedFromDouble(0x7ff0000000000001n, ctx))).toBe(0x7fffc000000000000800n);
    expect(ctx.flags).toBe(FloatFlag.invalid);
  });

  it('stores with RC, not PC: overflow to the largest finite when rounding toward zero', () => {
    const ctx = x87Context(0xf7f);
    expect(extendedToDouble(x(0x7ffe8000000000000000n), ctx)).toBe(0x7fefffffffffffffn);
    expect(ctx.flags).toBe(FloatFlag.overflow | FloatFlag.precision);
    expect(ctx.c1).toBe(0);
  });

  it('stores a tiny inexact value as a denormal with UE and PE, but no DE for a denormal register', () => {
    const ctx = x87Context(0x37f);
    expect(extendedToSingle(x(0x00000000000000000001n), ctx)).toBe(0);
    expect(ctx.flags).toBe(FloatFlag.underflow | FloatFlag.precision);
  });

  it('narrows binary64 to binary32 with FTZ flushing a tiny exact result', () => {
    const ctx = sseContext(0x9f80);
    expect(doubleToSingle(0x37f0000000000000n, ctx)).toBe(0);
    expect(ctx.flags).toBe(FloatFlag.underflow | FloatFlag.precision);
  });

  it('round-trips JS numbers exactly', () => {
    for (const n of [0, -0, 1, -1.5, Math.PI, 5e-324, Number.MAX_VALUE, Infinity, -Infinity]) {
      expect(Object.is(numberFromExtended(extendedFromNumber(n)), n)).toBe(true);
    }
    expect(Number.isNaN(numberFromExtended(extendedFromNumber(NaN)))).toBe(true);
  });
});

describe('integer conversions', () => {
  it('stores the integer indefinite with IE for NaN and out-of-range values', () => {
    const ctx = x87Context(0x37f);
    expect(extendedToInteger(x(0x400e8000000000000000n), 16, ctx)).toBe(integerIndefinite(16)); // 32768
    expect(extendedToInteger(x(0xc00e8000000000000000n), 16, ctx)).toBe(-32768n);
    expect(doubleToInteger(0x7ff8000000000000n, 64, ctx)).toBe(-(1n << 63n));
    expect(ctx.flags).toBe(FloatFlag.invalid);
  });

  it('rounds with RC, or truncates for fisttp/cvtt, reporting PE and C1', () => {
    const twoAndAHalf = x(0x4000a000000000000000n);
    const nearest = x87Context(0x37f);
    expect(extendedToInteger(twoAndAHalf, 32, nearest)).toBe(2n);
    expect(nearest.c1).toBe(0);
    const up = x87Context(0xb7f);
    expect(extendedToInteger(twoAndAHalf, 32, up)).toBe(3n);
    expect(up.c1).toBe(1);
    expect(extendedToInteger(x(0xc000a000000000000000n), 64, up, RoundingMode.towardZero)).toBe(-2n);
    expect(up.flags).toBe(FloatFlag.precision);
  });

  it('loads every integer exactly', () => {
    expect(extendedToBits(extendedFromInteger(-(1n << 63n)))).toBe(0xc03e8000000000000000n);
    expect(extendedToBits(extendedFromInteger(-1n))).toBe(0xbfff8000000000000000n);
    expect(extendedToBits(extendedFromInteger(0n))).toBe(0n);
  });

  it('rounds a 64-bit integer to binary32 with MXCSR.RC', () => {
    const ctx = sseContext(0x1f80 | (RoundingMode.towardZero << 13));
    expect(integerToSingle((1n << 63n) - 1n, ctx)).toBe(0x5effffff);
    expect(ctx.flags).toBe(FloatFlag.precision);
  });
});

describeAgainstHost('conversions', () => {
  const random = new CaseRandom(0x5eed0002);

  it('fld m32/m64, fst m32/m64, fist/fistp/fisttp and fild under every control word', () => {
    const lines: string[] = [];
    const extended = EXTENDED_OPERANDS.edgesAndRandom(random, 300);
    for (const cw of X87_CONTROL_WORDS) {
      const c = cw.toString(16);
      for (const a of extended)
        for (const op of ['fst32', 'fst64', 'fist16', 'fist32', 'fist64', 'fisttp16', 'fisttp32', 'fisttp64']) {
          lines.push(`${op} ${c} ${a}`);
        }
      for (const d of DOUBLE_OPERANDS.edgesAndRandom(random, 40)) lines.push(`fld64 ${c} ${d}`);
      for (const s of SINGLE_OPERANDS.edgesAndRandom(random, 40)) lines.push(`fld32 ${c} ${s}`);
    }
    for (let i = 0; i < 300; i++) {
      lines.push(`fild16 37f ${(random.uint32() & 0xffff).toString(16)}`);
      lines.push(`fild32 37f ${random.uint32().toString(16)}`);
      lines.push(`fild64 37f ${random.bits64().toString(16)}`);
    }
    // Integer-valued and near-integer operands exercise the range checks.
    for (let i = 0; i < 3000; i++) {
      const exponent = 0x3fff + random.below(66);
      const bits = (BigInt((random.below(2) << 15) | exponent) << 64n) | (1n << 63n) | (random.bits64() >> BigInt(random.below(64)));
      const op = random.pick(['fist16', 'fist32', 'fist64', 'fisttp16', 'fisttp32', 'fisttp64', 'fst32', 'fst64']);
      lines.push(`${op} ${random.pick(X87_CONTROL_WORDS).toString(16)} ${hex80(bits)}`);
    }
    expectAgreementWithHost(lines);
  });

  it('cvtsd2ss, cvtss2sd, cvt(t)sd2si, cvt(t)ss2si and cvtsi2sd/ss under every MXCSR', () => {
    const lines: string[] = [];
    for (const mxcsr of MXCSR_VALUES) {
      const m = mxcsr.toString(16);
      for (const d of DOUBLE_OPERANDS.edgesAndRandom(random, 150)) {
        for (const op of ['cvtsd2ss', 'cvtsd2si32', 'cvtsd2si64', 'cvttsd2si32', 'cvttsd2si64', 'cvtsi2sd64', 'cvtsi2ss64']) {
          lines.push(`${op} ${m} ${d}`);
        }
      }
      for (const s of SINGLE_OPERANDS.edgesAndRandom(random, 150)) {
        for (const op of ['cvtss2sd', 'cvtss2si32', 'cvtss2si64', 'cvttss2si32', 'cvttss2si64', 'cvtsi2sd32', 'cvtsi2ss32']) {
          lines.push(`${op} ${m} ${s}`);
        }
      }
      for (let i = 0; i < 100; i++) {
        const integer = random.bits64() >> BigInt(random.below(64));
        lines.push(`cvtsi2sd64 ${m} ${hex64(integer)}`, `cvtsi2ss64 ${m} ${hex64(integer)}`);
        lines.push(`cvtsi2ss32 ${m} ${hex32(Number(integer & 0xffffffffn))}`);
      }
    }
    expectAgreementWithHost(lines);
  });
});
