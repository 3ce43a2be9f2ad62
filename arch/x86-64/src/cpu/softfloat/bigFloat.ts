import { bitLength, integerSquareRoot } from './bits.js';

/**
 * A working-precision float for the transcendentals: value = m × 2^e with a
 * signed integer m of about WORKING_BITS bits. Every operation truncates, so
 * results carry an error of a few units in the 2^-WORKING_BITS place — far
 * below the 2^-64 the x87 format needs.
 */
export interface BigFloat {
  readonly m: bigint;
  readonly e: number;
}

export const WORKING_BITS = 200;

export const BIG_ZERO: BigFloat = { m: 0n, e: 0 };
export const BIG_ONE: BigFloat = { m: 1n, e: 0 };

const magnitudeBits = (m: bigint): number => bitLength(m < 0n ? -m : m);

export function bigFloat(m: bigint, e: number): BigFloat {
  const excess = magnitudeBits(m) - WORKING_BITS;
  return excess > 0 ? { m: m >> BigInt(excess), e: e + excess } : { m, e };
}

/** Exponent of the leading bit plus one: |x| < 2^magnitude(x). */
export function magnitude(x: BigFloat): number {
  return x.m === 0n ? -Infinity : x.e + magnitudeBits(x.m);
}

export function negate(x: BigFloat): BigFloat {
  return { m: -x.m, e: x.e };
}

export function scaleBy(x: BigFloat, power: number): BigFloat {
  return { m: x.m, e: x.e + power };
}

export function add(a: BigFloat, b: BigFloat): BigFloat {
  if (a.m === 0n) return b;
  if (b.m === 0n) return a;
  if (magnitude(b) < magnitude(a) - WORKING_BITS - 2) return nudge(a, b.m < 0n);
  if (magnitude(a) < magnitude(b) - WORKING_BITS - 2) return nudge(b, a.m < 0n);
  if (a.e >= b.e) return bigFloat((a.m << BigInt(a.e - b.e)) + b.m, b.e);
  return bigFloat(a.m + (b.m << BigInt(b.e - a.e)), a.e);
}

const NUDGE_BITS = WORKING_BITS + 4;

/**
 * x plus an addend too small to represent: only its direction is kept, as
 * one unit a few bits below the working precision, so that a result that
 * lands on a representable value still rounds the right way.
 */
function nudge(x: BigFloat, downward: boolean): BigFloat {
  const shift = Math.max(0, NUDGE_BITS - magnitudeBits(x.m));
  return { m: (x.m << BigInt(shift)) + (downward ? -1n : 1n), e: x.e - shift };
}

export function subtract(a: BigFloat, b: BigFloat): BigFloat {
  return add(a, negate(b));
}

export function multiply(a: BigFloat, b: BigFloat): BigFloat {
  return bigFloat(a.m * b.m, a.e + b.e);
}

export function divide(a: BigFloat, b: BigFloat): BigFloat {
  const shift = Math.max(0, WORKING_BITS + magnitudeBits(b.m) - magnitudeBits(a.m) + 2);
  return bigFloat((a.m << BigInt(shift)) / b.m, a.e - b.e - shift);
}

export function divideByInteger(a: BigFloat, n: bigint): BigFloat {
  return divide(a, { m: n, e: 0 });
}

export function squareRoot(a: BigFloat): BigFloat {
  let shift = Math.max(0, 2 * WORKING_BITS - magnitudeBits(a.m) + 2);
  if (((a.e - shift) & 1) !== 0) shift += 1;
  return bigFloat(integerSquareRoot(a.m << BigInt(shift)), (a.e - shift) / 2);
}

/**
 * Whether a series term no longer affects a sum at working precision. The
 * series add it anyway (which only nudges the sum) before stopping, so the
 * sign of the neglected tail is not lost.
 */
function negligible(term: BigFloat, sum: BigFloat): boolean {
  return term.m === 0n || magnitude(term) < magnitude(sum) - WORKING_BITS - 4;
}

/** Σ_{k≥1} x^k / k!  for |x| ≤ 1. */
export function exponentialMinusOne(x: BigFloat): BigFloat {
  let term = x;
  let sum = x;
  for (let k = 2n; ; k++) {
    term = divideByInteger(multiply(term, x), k);
    sum = add(sum, term);
    if (negligible(term, sum)) return sum;
  }
}

/** atanh(s) = Σ s^(2k+1)/(2k+1)  for |s| ≤ 1/5 or so. */
export function inverseHyperbolicTangent(s: BigFloat): BigFloat {
  const square = multiply(s, s);
  let power = s;
  let sum = s;
  for (let k = 3n; ; k += 2n) {
    power = multiply(power, square);
    const term = divideByInteger(power, k);
    sum = add(sum, term);
    if (negligible(term, sum)) return sum;
  }
}

/** atan(z) = Σ (−1)^k z^(2k+1)/(2k+1)  for small |z|. */
function arctangentSeries(z: BigFloat): BigFloat {
  const square = multiply(z, z);
  let power = z;
  let sum = z;
  for (let k = 3n; ; k += 2n) {
    power = negate(multiply(power, square));
    const term = divideByInteger(power, k);
    sum = add(sum, term);
    if (negligible(term, sum)) return sum;
  }
}

const ARCTANGENT_HALVINGS = 4;

/** atan(z) for 0 ≤ z ≤ 1, halving the angle with atan(z) = 2·atan(z / (1 + √(1 + z²))). */
export function arctangent(z: BigFloat): BigFloat {
  let reduced = z;
  for (let i = 0; i < ARCTANGENT_HALVINGS; i++) {
    reduced = divide(reduced, add(BIG_ONE, squareRoot(add(BIG_ONE, multiply(reduced, reduced)))));
  }
  return scaleBy(arctangentSeries(reduced), ARCTANGENT_HALVINGS);
}

export interface SineCosine {
  sine: BigFloat;
  cosine: BigFloat;
}

/** Taylor series for |r| ≤ π/4. */
export function sineCosine(r: BigFloat): SineCosine {
  const square = multiply(r, r);
  let sineTerm = r;
  let sine = r;
  let cosineTerm: BigFloat = BIG_ONE;
  let cosine: BigFloat = BIG_ONE;
  for (let k = 1n; ; k++) {
    cosineTerm = negate(divideByInteger(multiply(cosineTerm, square), (2n * k - 1n) * (2n * k)));
    sineTerm = negate(divideByInteger(multiply(sineTerm, square), 2n * k * (2n * k + 1n)));
    const done = negligible(cosineTerm, cosine) && negligible(sineTerm, sine);
    cosine = add(cosine, cosineTerm);
    sine = add(sine, sineTerm);
    if (done) return { sine, cosine };
  }
}

let cachedLn2: BigFloat | undefined;
let cachedPi: BigFloat | undefined;

/** ln 2 = 2·atanh(1/3). */
export function naturalLogOfTwo(): BigFloat {
  cachedLn2 ??= scaleBy(inverseHyperbolicTangent(divideByInteger(BIG_ONE, 3n)), 1);
  return cachedLn2;
}

/** π by Machin: 16·atan(1/5) − 4·atan(1/239). */
export function pi(): BigFloat {
  cachedPi ??= subtract(
    scaleBy(arctangentSeries(divideByInteger(BIG_ONE, 5n)), 4),
    scaleBy(arctangentSeries(divideByInteger(BIG_ONE, 239n)), 2),
  );
  return cachedPi;
}

/** ln(x) for x > 0: x = 2^n·m with m in [¾, 1½), ln m = 2·atanh((m−1)/(m+1)). */
export function naturalLog(x: BigFloat): BigFloat {
  let n = magnitude(x) - 1;
  const topTwoBits = x.m >> BigInt(magnitudeBits(x.m) - 2);
  if (topTwoBits === 3n) n += 1;
  const m = scaleBy(x, -n);
  const s = divide(subtract(m, BIG_ONE), add(m, BIG_ONE));
  const lnM = scaleBy(inverseHyperbolicTangent(s), 1);
  return add(multiply({ m: BigInt(n), e: 0 }, naturalLogOfTwo()), lnM);
}

/** ln(1 + x) = 2·atanh(x / (2 + x)), accurate relative to x when x is small. */
export function naturalLogOnePlus(x: BigFloat): BigFloat {
  return scaleBy(inverseHyperbolicTangent(divide(x, add({ m: 2n, e: 0 }, x))), 1);
}
