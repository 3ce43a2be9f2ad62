import {
  extendedArctangent,
  extendedCosine,
  type ExtendedFloat,
  extendedSine,
  extendedSineCosine,
  extendedTangent,
  extendedTwoToXMinusOne,
  extendedYLog2X,
  extendedYLog2XPlusOne,
  type FloatContext,
} from '../../softfloat/index.js';
import { X87Status, type X87State } from '../../state/X87State.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { commitResult, eitherEmpty, fpuContext, push, twoResultStackFault, underflowInto } from './fpu.js';
import { biasAdjustment, rerun } from './wrap.js';

type Unary = (value: ExtendedFloat, ctx: FloatContext, delta: number) => ExtendedFloat | undefined;
type Binary = (y: ExtendedFloat, x: ExtendedFloat, ctx: FloatContext, delta: number) => ExtendedFloat;
type Pair = (value: ExtendedFloat, ctx: FloatContext, delta: number) => readonly [ExtendedFloat, ExtendedFloat] | undefined;

/**
 * The results of `compute` (undefined for an operand out of range), computed again with the
 * exponent moved by ±24576 when the first result overflowed or underflowed with that exception
 * unmasked: the transcendentals' results are bias-adjusted like the arithmetic's (wrap.ts).
 */
function withBiasAdjustment<T extends readonly ExtendedFloat[]>(x87: X87State, ctx: FloatContext, compute: (delta: number) => T | undefined): T | undefined {
  const results = compute(0);
  if (results === undefined) return undefined;
  const delta = biasAdjustment(x87, results[0]!, ctx.flags);
  return delta === 0 ? results : rerun(ctx, delta, () => compute(delta)!);
}

/**
 * C2 reports an operand out of range (|x| ≥ 2^63: the instruction then changes nothing else but
 * C1, which it clears); a stack fault clears C2 too.
 */
function setOutOfRange(x87: X87State, outOfRange: boolean): void {
  x87.status = outOfRange ? (x87.status | X87Status.c2) & ~X87Status.c1 : x87.status & ~X87Status.c2;
}

/** F2XM1 FSIN FCOS: ST(0) replaced by f(ST(0)). */
function unary(s: X86RegisterFile, f: Unary): void {
  const x87 = s.x87;
  if (x87.isEmpty(0)) {
    underflowInto(x87, 0, false);
    return setOutOfRange(x87, false);
  }
  const ctx = fpuContext(x87);
  const value = x87.read(0);
  const result = withBiasAdjustment(x87, ctx, (delta) => {
    const r = f(value, ctx, delta);
    return r === undefined ? undefined : [r] as const;
  });
  setOutOfRange(x87, result === undefined);
  if (result !== undefined) commitResult(x87, 0, result[0], ctx, false);
}

/** FYL2X FYL2XP1 FPATAN: ST(1) replaced by f(ST(1), ST(0)), then a pop. */
function binary(s: X86RegisterFile, f: Binary): void {
  const x87 = s.x87;
  if (eitherEmpty(x87, 0, 1)) return underflowInto(x87, 1, true);
  const ctx = fpuContext(x87);
  const y = x87.read(1);
  const x = x87.read(0);
  const [result] = withBiasAdjustment(x87, ctx, (delta) => [f(y, x, ctx, delta)] as const)!;
  commitResult(x87, 1, result, ctx, true);
}

/** FPTAN FSINCOS: ST(0) replaced by the first result, the second pushed; a stack fault clears C2 (no operand was out of range). */
function twoResults(s: X86RegisterFile, f: Pair): void {
  const x87 = s.x87;
  if (twoResultStackFault(x87)) return setOutOfRange(x87, false);
  const ctx = fpuContext(x87);
  const value = x87.read(0);
  const results = withBiasAdjustment(x87, ctx, (delta) => f(value, ctx, delta));
  setOutOfRange(x87, results === undefined);
  if (results === undefined || !commitResult(x87, 0, results[0], ctx, false)) return;
  push(x87, results[1]);
}

export function f2xm1(s: X86RegisterFile): void {
  unary(s, extendedTwoToXMinusOne);
}

export function fsin(s: X86RegisterFile): void {
  unary(s, extendedSine);
}

export function fcos(s: X86RegisterFile): void {
  unary(s, extendedCosine);
}

export function fyl2x(s: X86RegisterFile): void {
  binary(s, extendedYLog2X);
}

export function fyl2xp1(s: X86RegisterFile): void {
  binary(s, extendedYLog2XPlusOne);
}

export function fpatan(s: X86RegisterFile): void {
  binary(s, extendedArctangent);
}

const tangentAndOne: Pair = (value, ctx, delta) => {
  const result = extendedTangent(value, ctx, delta);
  return result === undefined ? undefined : [result.tangent, result.pushed];
};

const sineAndCosine: Pair = (value, ctx, delta) => {
  const result = extendedSineCosine(value, ctx, delta);
  return result === undefined ? undefined : [result.sine, result.cosine];
};

export function fptan(s: X86RegisterFile): void {
  twoResults(s, tangentAndOne);
}

export function fsincos(s: X86RegisterFile): void {
  twoResults(s, sineAndCosine);
}
