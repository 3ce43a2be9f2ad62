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

type Unary = (value: ExtendedFloat, ctx: FloatContext) => ExtendedFloat | undefined;
type Binary = (y: ExtendedFloat, x: ExtendedFloat, ctx: FloatContext) => ExtendedFloat;

/** C2 reports an operand out of range (|x| ≥ 2^63: the instruction then changes nothing else). */
function setOutOfRange(x87: X87State, outOfRange: boolean): void {
  x87.status = outOfRange ? x87.status | X87Status.c2 : x87.status & ~X87Status.c2;
}

/** F2XM1 FSIN FCOS: ST(0) replaced by f(ST(0)). */
function unary(s: X86RegisterFile, f: Unary): void {
  const x87 = s.x87;
  if (x87.isEmpty(0)) return underflowInto(x87, 0, false);
  const ctx = fpuContext(x87);
  const result = f(x87.read(0), ctx);
  setOutOfRange(x87, result === undefined);
  if (result !== undefined) commitResult(x87, 0, result, ctx, false);
}

/** FYL2X FYL2XP1 FPATAN: ST(1) replaced by f(ST(1), ST(0)), then a pop. */
function binary(s: X86RegisterFile, f: Binary): void {
  const x87 = s.x87;
  if (eitherEmpty(x87, 0, 1)) return underflowInto(x87, 1, true);
  const ctx = fpuContext(x87);
  commitResult(x87, 1, f(x87.read(1), x87.read(0), ctx), ctx, true);
}

/** FPTAN FSINCOS: ST(0) replaced by the first result, the second pushed. */
function twoResults(s: X86RegisterFile, f: (value: ExtendedFloat, ctx: FloatContext) => readonly [ExtendedFloat, ExtendedFloat] | undefined): void {
  const x87 = s.x87;
  if (twoResultStackFault(x87)) return;
  const ctx = fpuContext(x87);
  const results = f(x87.read(0), ctx);
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

function tangentAndOne(value: ExtendedFloat, ctx: FloatContext): readonly [ExtendedFloat, ExtendedFloat] | undefined {
  const result = extendedTangent(value, ctx);
  return result === undefined ? undefined : [result.tangent, result.pushed];
}

function sineAndCosine(value: ExtendedFloat, ctx: FloatContext): readonly [ExtendedFloat, ExtendedFloat] | undefined {
  const result = extendedSineCosine(value, ctx);
  return result === undefined ? undefined : [result.sine, result.cosine];
}

export function fptan(s: X86RegisterFile): void {
  twoResults(s, tangentAndOne);
}

export function fsincos(s: X86RegisterFile): void {
  twoResults(s, sineAndCosine);
}
