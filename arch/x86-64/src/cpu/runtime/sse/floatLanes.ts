import { type BinaryOperation, x87Arithmetic } from '../../softfloat/arithmetic.js';
import { extendedFromDouble, extendedFromSingle } from '../../softfloat/convert.js';
import { type ExtendedFloat } from '../../softfloat/ExtendedFloat.js';
import { type FloatContext, FloatFlag, type RoundingMode, sseContext } from '../../softfloat/flags.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { Mxcsr, raiseFloatExceptions, roundingControl, unmaskedFlags } from './mxcsr.js';
import { bitsOf, type IntegerLanes, pendingResult, type XmmLanes } from './xmmLanes.js';

/**
 * Whether rounding an operation's exact result to its precision is inexact when the exponent
 * range is unbounded. With OE or UE unmasked the hardware delivers no result, and PE then says
 * whether the result scaled back into range would have been inexact.
 */
export type UnboundedInexact = (a: bigint, b: bigint, rounding: RoundingMode) => boolean;

/**
 * One SSE floating-point operation as the slow path runs it, lane by lane on the operands' bits
 * through the softfloat library. `a` is the destination's lane (or the source's for a unary
 * operation) and `b` the source's; binary32 bits are uint32 numbers, binary64 bits bigints.
 */
export type FloatOperation =
  | (LaneShape & { readonly precision: 32; readonly lane: (a: number, b: number, ctx: FloatContext) => number })
  | (LaneShape & { readonly precision: 64; readonly lane: (a: bigint, b: bigint, ctx: FloatContext) => bigint });

export interface LaneShape {
  /** 1 for a scalar operation, else 4 (binary32) or 2 (binary64). */
  readonly lanes: number;
  /** One source operand (square root), or the destination and a source. */
  readonly unary: boolean;
  /** For operations that can overflow or underflow. */
  readonly unbounded?: UnboundedInexact;
}

export function singleOperation(shape: LaneShape, lane: (a: number, b: number, ctx: FloatContext) => number): FloatOperation {
  return { precision: 32, ...shape, lane };
}

export function doubleOperation(shape: LaneShape, lane: (a: bigint, b: bigint, ctx: FloatContext) => bigint): FloatOperation {
  return { precision: 64, ...shape, lane };
}

/** The softfloat context of MXCSR. FTZ applies only while underflow is masked. */
export function floatContext(mxcsr: number): FloatContext {
  const ctx = sseContext(mxcsr);
  if ((mxcsr & Mxcsr.UM) === 0) ctx.flushToZero = false;
  return ctx;
}

const scratchContext: FloatContext = { rounding: 0, precision: 64, flags: 0, c1: 0 };

/** A binary32 (`width` 32) or binary64 value widened exactly to the 80-bit format. */
export function widened(bits: bigint, width: 32 | 64): ExtendedFloat {
  return width === 32 ? extendedFromSingle(Number(bits), scratchContext) : extendedFromDouble(bits, scratchContext);
}

/** Whether `a op b`, rounded to `precision` bits in the x87 format's wide exponent range, is inexact. */
export function inexactAtPrecision(op: BinaryOperation, a: ExtendedFloat, b: ExtendedFloat, precision: 24 | 53, rounding: RoundingMode): boolean {
  const ctx: FloatContext = { rounding, precision, flags: 0, c1: 0 };
  x87Arithmetic(op, a, b, ctx);
  return (ctx.flags & FloatFlag.precision) !== 0;
}

/** UnboundedInexact of a binary operation on binary32 or binary64 operands. */
export function unboundedArithmetic(op: BinaryOperation, width: 32 | 64): UnboundedInexact {
  return (a, b, rounding) => inexactAtPrecision(op, widened(a, width), widened(b, width), width === 32 ? 24 : 53, rounding);
}

/** A denormal (nonzero, exponent field zero) result of `width` bits. */
function tiny(bits: bigint, width: 32 | 64): boolean {
  const fraction = width === 32 ? bits & 0x7fffffn : bits & 0xfffffffffffffn;
  const exponent = width === 32 ? (bits >> 23n) & 0xffn : (bits >> 52n) & 0x7ffn;
  return exponent === 0n && fraction !== 0n;
}

/**
 * A lane's flags once unmasked OE and UE are accounted for: UE is detected on tininess alone,
 * exact or not, and PE then comes from rounding with an unbounded exponent.
 */
export function laneFlags(flags: number, result: bigint, width: 32 | 64, a: bigint, b: bigint, unbounded: UnboundedInexact | undefined, mxcsr: number): number {
  if (unbounded === undefined) return flags;
  const unmasked = unmaskedFlags(mxcsr);
  const overflow = (flags & unmasked & Mxcsr.OE) !== 0;
  const underflow = (unmasked & Mxcsr.UE) !== 0 && ((flags & Mxcsr.UE) !== 0 || tiny(result, width));
  if (!overflow && !underflow) return flags;
  const inexact = unbounded(a, b, roundingControl(mxcsr));
  return (flags & ~Mxcsr.PE) | (underflow ? Mxcsr.UE : 0) | (inexact ? Mxcsr.PE : 0);
}

function readBits(lanes: Int32Array, at: number, width: 32 | 64): bigint {
  return width === 32 ? BigInt(lanes[at]! >>> 0) : bitsOf(lanes[at]!, lanes[at + 1]!);
}

/** Stores a lane result of `width` bits at int32 index `at` of `pendingResult`. */
export function storePending(at: number, value: bigint, width: 32 | 64): void {
  pendingResult.x[at] = Number(value & 0xffffffffn);
  if (width === 64) pendingResult.x[at + 1] = Number(value >> 32n);
}

/** Copies `words` int32 lanes of `pendingResult` into register `d` of `dest`, zeroing the rest of an XMM register when `zeroUpper`. */
export function commitPending(dest: IntegerLanes, d: number, words: number, zeroUpper: boolean): void {
  for (let i = 0; i < 4; i++) {
    if (i < words) dest.x[4 * d + i] = pendingResult.x[i]!;
    else if (zeroUpper) dest.x[4 * d + i] = 0;
  }
}

/**
 * The slow path of an SSE floating-point instruction: every lane is computed exactly for any MXCSR
 * (rounding mode, DAZ, FTZ, NaN operands, exceptions), then the destination register `d` is
 * written unless an unmasked exception stops the instruction at `rip`.
 */
export function floatLanes(s: X86RegisterFile, op: FloatOperation, d: number, source: XmmLanes, k: number, rip: number): void {
  const mxcsr = s.mxcsr;
  const ctx = floatContext(mxcsr);
  const first = op.unary ? source.x : s.x;
  const firstBase = op.unary ? k : 4 * d;
  const words = op.precision / 32;
  let flags = 0;
  for (let i = 0; i < op.lanes; i++) {
    const a = readBits(first, firstBase + words * i, op.precision);
    const b = readBits(source.x, k + words * i, op.precision);
    ctx.flags = 0;
    const r = op.precision === 32 ? BigInt(op.lane(Number(a), Number(b), ctx)) : op.lane(a, b, ctx);
    storePending(words * i, r, op.precision);
    flags |= laneFlags(ctx.flags, r, op.precision, a, b, op.unbounded, mxcsr);
  }
  raiseFloatExceptions(s, flags, rip);
  commitPending(s, d, words * op.lanes, false);
}
