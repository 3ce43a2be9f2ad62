import { doubleArithmetic, doubleSquareRoot, type BinaryOperation } from '../../softfloat/arithmetic.js';
import { sseContext } from '../../softfloat/flags.js';
import { float64BitsOf } from '../../softfloat/format.js';
import { Mxcsr } from './mxcsr.js';

/*
 * The fast path of SSE floating-point arithmetic. When MXCSR masks every exception and rounds to
 * nearest (see PLAIN_MODE in the emitters), JS arithmetic gives the x86 result exactly as long as
 * no operand is a NaN, an infinity or a denormal, and the result is a normal number (or a zero
 * that cannot come from an underflow). Then the only exception the instruction can detect is PE,
 * which these checks compute exactly, and only while PE is still clear (it is sticky). Every
 * other case takes the slow path through the softfloat library.
 *
 * binary32 operations compute in binary64 and round once more with Math.fround: + - * / and
 * square root of binary32 values are exact enough in binary64 that this double rounding never
 * differs from rounding the exact result.
 */

export const MIN_NORMAL_DOUBLE = 2.2250738585072014e-308;
export const MIN_NORMAL_SINGLE = 1.1754943508222875e-38;
const MAX_SINGLE = 3.4028234663852886e38;

function plainDouble(x: number): boolean {
  const m = Math.abs(x);
  return m === 0 || (m >= MIN_NORMAL_DOUBLE && m <= Number.MAX_VALUE);
}

function plainSingle(x: number): boolean {
  const m = Math.abs(x);
  return m === 0 || (m >= MIN_NORMAL_SINGLE && m <= MAX_SINGLE);
}

/** Zero or a normal number, not a NaN: an operand of MIN/MAX/CMP/COMIS with no exception and no special rule. */
export function ordinary(x: number): boolean {
  return x === 0 || Math.abs(x) >= MIN_NORMAL_DOUBLE;
}

/** The same for binary32 values: its denormals are normal binary64 numbers. */
export function ordinarySingle(x: number): boolean {
  return x === 0 || Math.abs(x) >= MIN_NORMAL_SINGLE;
}

/** a ± b = r needs nothing beyond PE: a cancellation to zero is exact. */
export function plainSum64(a: number, b: number, r: number): boolean {
  return plainDouble(a) && plainDouble(b) && plainDouble(r);
}

export function plainSum32(a: number, b: number, r: number): boolean {
  return plainSingle(a) && plainSingle(b) && plainSingle(r);
}

/** a × b or a ÷ b = r needs nothing beyond PE: a zero result must come from a zero operand, not an underflow. */
export function plainProduct64(a: number, b: number, r: number): boolean {
  return plainDouble(a) && plainDouble(b) && plainDouble(r) && (r !== 0 || a === 0 || b === 0);
}

export function plainProduct32(a: number, b: number, r: number): boolean {
  return plainSingle(a) && plainSingle(b) && plainSingle(r) && (r !== 0 || a === 0 || b === 0);
}

/** √a needs nothing beyond PE: a is a zero or a positive normal number. */
export function plainRoot64(a: number): boolean {
  return a === 0 || (a >= MIN_NORMAL_DOUBLE && a <= Number.MAX_VALUE);
}

export function plainRoot32(a: number): boolean {
  return a === 0 || (a >= MIN_NORMAL_SINGLE && a <= MAX_SINGLE);
}

/** Rounding the binary64 a to the binary32 r needs nothing beyond PE: r is not an underflow or an overflow. */
export function plainNarrowing(a: number, r: number): boolean {
  return plainDouble(a) && plainSingle(r) && (r !== 0 || a === 0);
}

/** The rounding error of a + b = r (Knuth's TwoSum); exact for any finite operands and result. */
function sumError(a: number, b: number, r: number): number {
  const bVirtual = r - a;
  return a - (r - bVirtual) + (b - bVirtual);
}

export function sumInexact64(a: number, b: number, r: number): boolean {
  return sumError(a, b, r) !== 0;
}

export function sumInexact32(a: number, b: number, r: number): boolean {
  const wide = a + b;
  return wide !== r || sumError(a, b, wide) !== 0;
}

const SPLITTER = 134217729; // 2^27 + 1
/** Dekker's product error is exact when no partial product overflows or loses bits below the denormals. */
const PRODUCT_OPERAND_LIMIT = 2 ** 995;
const PRODUCT_LOW_LIMIT = 2 ** -966;
const PRODUCT_HIGH_LIMIT = 2 ** 1020;

/** The rounding error of a × b = p (Dekker's TwoProduct). */
function productError(a: number, b: number, p: number): number {
  const sa = SPLITTER * a;
  const aHigh = sa - (sa - a);
  const aLow = a - aHigh;
  const sb = SPLITTER * b;
  const bHigh = sb - (sb - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - p + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

function productErrorIsExact(a: number, b: number, p: number): boolean {
  const m = Math.abs(p);
  return Math.abs(a) < PRODUCT_OPERAND_LIMIT && Math.abs(b) < PRODUCT_OPERAND_LIMIT && m >= PRODUCT_LOW_LIMIT && m < PRODUCT_HIGH_LIMIT;
}

/** Whether q × b is exactly a, for a quotient or root check. */
function exactProduct(q: number, b: number, a: number): boolean {
  const p = q * b;
  return p === a && productError(q, b, p) === 0;
}

/** PE of a binary64 operation outside the range where the product checks are exact, from the softfloat library. */
function inexactBySoftfloat(op: BinaryOperation | 'root', a: number, b: number): boolean {
  const ctx = sseContext(Mxcsr.DEFAULT);
  if (op === 'root') doubleSquareRoot(float64BitsOf(a), ctx);
  else doubleArithmetic(op, float64BitsOf(a), float64BitsOf(b), ctx);
  return (ctx.flags & Mxcsr.PE) !== 0;
}

export function productInexact64(a: number, b: number, r: number): boolean {
  if (r === 0) return false;
  if (!productErrorIsExact(a, b, r)) return inexactBySoftfloat('multiply', a, b);
  return productError(a, b, r) !== 0;
}

export function productInexact32(a: number, b: number, r: number): boolean {
  return a * b !== r;
}

export function quotientInexact64(a: number, b: number, r: number): boolean {
  if (r === 0) return false;
  if (!productErrorIsExact(r, b, a)) return inexactBySoftfloat('divide', a, b);
  return !exactProduct(r, b, a);
}

export function quotientInexact32(a: number, b: number, r: number): boolean {
  return r * b !== a;
}

export function rootInexact64(a: number, r: number): boolean {
  if (r === 0) return false;
  if (!productErrorIsExact(r, r, a)) return inexactBySoftfloat('root', a, 0);
  return !exactProduct(r, r, a);
}

export function rootInexact32(a: number, r: number): boolean {
  return r * r !== a;
}
