import { describe, expect, it } from 'vitest';
import { doubleArithmetic, extendedSquareRoot, singleArithmetic, x87Arithmetic } from './arithmetic.js';
import { extendedFromBits, extendedToBits } from './ExtendedFloat.js';
import { FloatFlag, sseContext, x87Context } from './flags.js';
import { CaseRandom, DOUBLE_OPERANDS, EXTENDED_OPERANDS, hex80, MXCSR_VALUES, randomExtendedBits, randomExtendedNear, SINGLE_OPERANDS, X87_CONTROL_WORDS } from './oracle/cases.js';
import { describeAgainstHost, expectAgreementWithHost } from './oracle/hostSuite.js';

const x = (bits: bigint) => extendedFromBits(bits);
const ONE = 0x3fff8000000000000000n;
const THREE = 0x4000c000000000000000n;

describe('x87 arithmetic rules', () => {
  it('rounds 1/3 to nearest, reporting PE and C1 when the magnitude went up', () => {
    const ctx = x87Context(0x37f);
    expect(extendedToBits(x87Arithmetic('divide', x(ONE), x(THREE), ctx))).toBe(0x3ffdaaaaaaaaaaaaaaabn);
    expect(ctx.flags).toBe(FloatFlag.precision);
    expect(ctx.c1).toBe(1);
  });

  it('rounds to the precision control but keeps the extended exponent range', () => {
    const ctx = x87Context(0x07f); // PC=24
    expect(extendedToBits(x87Arithmetic('divide', x(ONE), x(THREE), ctx))).toBe(0x3ffdaaaaab0000000000n);
    const tiny = x87Context(0x07f);
    expect(extendedToBits(x87Arithmetic('multiply', x(0x00018000000000000000n), x(0x3ffe8000000000000000n), tiny))).toBe(
      0x00004000000000000000n,
    );
  });

  it('breaks ties to even', () => {
    const ctx = x87Context(0x07f);
    expect(extendedToBits(x87Arithmetic('add', x(0x3fff8000008000000000n), x(0n), ctx))).toBe(0x3fff8000000000000000n);
    expect(extendedToBits(x87Arithmetic('add', x(0x3fff8000018000000000n), x(0n), ctx))).toBe(0x3fff8000020000000000n);
  });

  it('returns the real indefinite for unsupported encodings and invalid operations', () => {
    const ctx = x87Context(0x37f);
    expect(extendedToBits(x87Arithmetic('add', x(0x3fff4000000000000000n), x(ONE), ctx))).toBe(0xffffc000000000000000n);
    expect(extendedToBits(extendedSquareRoot(x(0xbfff8000000000000000n), ctx))).toBe(0xffffc000000000000000n);
    expect(ctx.flags).toBe(FloatFlag.invalid);
  });

  it('detects tininess after rounding: a result that rounds up to the smallest normal is not an underflow', () => {
    const ctx = x87Context(0x37f);
    const result = x87Arithmetic('multiply', x(0x00018000000000000001n), x(0x3ffefffffffffffffffen), ctx);
    expect(extendedToBits(result)).toBe(0x00018000000000000000n);
    expect(ctx.flags).toBe(FloatFlag.precision);
  });
});

describe('SSE arithmetic rules', () => {
  it('flushes tiny results to zero under FTZ, flagging UE and PE even when exact', () => {
    const ctx = sseContext(0x9f80);
    expect(doubleArithmetic('add', 0x0008000000000000n, 0x0008000000000000n, ctx)).toBe(0x0010000000000000n);
    const exactTiny = sseContext(0x9f80);
    expect(doubleArithmetic('add', 0x0000000000000001n, 0n, exactTiny)).toBe(0n);
    expect(exactTiny.flags).toBe(FloatFlag.underflow | FloatFlag.precision | FloatFlag.denormal);
  });

  it('divides by zero to a signed infinity with ZE', () => {
    const ctx = sseContext(0x1f80);
    expect(singleArithmetic('divide', 0xbf800000, 0, ctx)).toBe(0xff800000);
    expect(ctx.flags).toBe(FloatFlag.divideByZero);
  });
});

describeAgainstHost('arithmetic', () => {
  const random = new CaseRandom(0x5eed0001);

  it('x87 add/sub/mul/div on edge values, all rounding modes and precisions', () => {
    const lines: string[] = [];
    for (const cw of X87_CONTROL_WORDS)
      for (const pair of EXTENDED_OPERANDS.edgePairs())
        for (const op of ['fadd', 'fsub', 'fmul', 'fdiv']) {
          if (random.below(3) !== 0) continue;
          lines.push(`${op} ${cw.toString(16)} ${pair}`);
        }
    expectAgreementWithHost(lines);
  });

  it('x87 add/sub/mul/div/sqrt on random values, all rounding modes and precisions', () => {
    const lines: string[] = [];
    for (let i = 0; i < 80000; i++) {
      const cw = random.pick(X87_CONTROL_WORDS).toString(16);
      const a = randomExtendedBits(random);
      const b = random.below(2) === 0 ? randomExtendedNear(random, a, 70) : randomExtendedBits(random);
      const op = random.pick(['fadd', 'fsub', 'fmul', 'fdiv', 'fsqrt']);
      lines.push(`${op} ${cw} ${hex80(a)} ${hex80(b)}`);
    }
    expectAgreementWithHost(lines);
  });

  it('fsqrt on edge values', () => {
    expectAgreementWithHost(X87_CONTROL_WORDS.flatMap((cw) => EXTENDED_OPERANDS.edges().map((a) => `fsqrt ${cw.toString(16)} ${a}`)));
  });

  it('SSE binary64 and binary32 arithmetic with every MXCSR rounding mode, DAZ and FTZ', () => {
    const lines: string[] = [];
    for (const mxcsr of MXCSR_VALUES) {
      const m = mxcsr.toString(16);
      for (const pair of DOUBLE_OPERANDS.edgePairs())
        for (const op of ['addsd', 'subsd', 'mulsd', 'divsd', 'sqrtsd']) if (random.below(4) === 0) lines.push(`${op} ${m} ${pair}`);
      for (const pair of SINGLE_OPERANDS.edgePairs())
        for (const op of ['addss', 'subss', 'mulss', 'divss', 'sqrtss']) if (random.below(4) === 0) lines.push(`${op} ${m} ${pair}`);
    }
    for (let i = 0; i < 60000; i++) {
      const m = random.pick(MXCSR_VALUES).toString(16);
      if (random.below(2) === 0) {
        const op = random.pick(['addsd', 'subsd', 'mulsd', 'divsd', 'sqrtsd']);
        lines.push(`${op} ${m} ${DOUBLE_OPERANDS.random(random)} ${DOUBLE_OPERANDS.random(random)}`);
      } else {
        const op = random.pick(['addss', 'subss', 'mulss', 'divss', 'sqrtss']);
        lines.push(`${op} ${m} ${SINGLE_OPERANDS.random(random)} ${SINGLE_OPERANDS.random(random)}`);
      }
    }
    expectAgreementWithHost(lines);
  });
});
