import { doubleToSingle, integerToDouble, integerToSingle, singleToDouble } from '../../softfloat/convert.js';
import { EXTENDED_ONE } from '../../softfloat/ExtendedFloat.js';
import { type FloatContext, RoundingMode } from '../../softfloat/flags.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { commitPending, floatContext, inexactAtPrecision, laneFlags, storePending, type UnboundedInexact, widened } from './floatLanes.js';
import { MIN_NORMAL_DOUBLE, MIN_NORMAL_SINGLE } from './plainFloat.js';
import { Mxcsr, raiseFloatExceptions, roundingControl } from './mxcsr.js';
import { bitsOf, type IntegerLanes, pendingResult, type XmmLanes } from './xmmLanes.js';

/**
 * A conversion between lanes of different kinds (binary32, binary64, int32, int64) as the slow
 * path runs it: `count` lanes of `from` bits read from the source, converted through the
 * softfloat library, written as `to`-bit lanes from the bottom of the destination. Packed
 * conversions to narrower lanes zero the destination's upper half; scalar ones keep it.
 */
export interface Conversion {
  readonly from: 32 | 64;
  readonly to: 32 | 64;
  readonly count: number;
  readonly zeroUpper: boolean;
  readonly lane: (bits: bigint, ctx: FloatContext) => bigint;
  /** For conversions that can overflow or underflow. */
  readonly unbounded?: UnboundedInexact;
}

export type ConversionKind = 'singleToDouble' | 'doubleToSingle' | 'int32ToSingle' | 'int64ToSingle' | 'int64ToDouble';

/** Rounding a binary64 value to 24 bits, with an unbounded exponent. */
const narrowingInexact: UnboundedInexact = (a, _b, rounding) => inexactAtPrecision('multiply', widened(a, 64), EXTENDED_ONE, 24, rounding);

const LANES: Record<ConversionKind, Omit<Conversion, 'count' | 'zeroUpper'>> = {
  singleToDouble: { from: 32, to: 64, lane: (bits, ctx) => singleToDouble(Number(bits), ctx) },
  doubleToSingle: { from: 64, to: 32, lane: (bits, ctx) => BigInt(doubleToSingle(bits, ctx)), unbounded: narrowingInexact },
  int32ToSingle: { from: 32, to: 32, lane: (bits, ctx) => BigInt(integerToSingle(BigInt.asIntN(32, bits), ctx)) },
  int64ToSingle: { from: 64, to: 32, lane: (bits, ctx) => BigInt(integerToSingle(BigInt.asIntN(64, bits), ctx)) },
  int64ToDouble: { from: 64, to: 64, lane: (bits, ctx) => integerToDouble(BigInt.asIntN(64, bits), ctx) },
};

const conversions = new Map<string, Conversion>();

export function conversion(kind: ConversionKind, count: number, zeroUpper: boolean): Conversion {
  const key = `${kind} ${count} ${zeroUpper}`;
  let c = conversions.get(key);
  if (c === undefined) {
    c = { ...LANES[kind], count, zeroUpper };
    conversions.set(key, c);
  }
  return c;
}

function readLane(lanes: Int32Array, at: number, width: 32 | 64): bigint {
  return width === 32 ? BigInt(lanes[at]! >>> 0) : bitsOf(lanes[at]!, lanes[at + 1]!);
}

/** The slow path of a conversion producing floats: exact for any MXCSR, writing register `d` unless #XM stops it. */
export function convertLanes(s: X86RegisterFile, c: Conversion, d: number, source: IntegerLanes, k: number, rip: number): void {
  const mxcsr = s.mxcsr;
  const ctx = floatContext(mxcsr);
  const inWords = c.from / 32;
  const outWords = c.to / 32;
  let flags = 0;
  for (let i = 0; i < c.count; i++) {
    const a = readLane(source.x, k + i * inWords, c.from);
    ctx.flags = 0;
    const r = c.lane(a, ctx);
    storePending(i * outWords, r, c.to);
    flags |= laneFlags(ctx.flags, r, c.to, a, 0n, c.unbounded, mxcsr);
  }
  raiseFloatExceptions(s, flags, rip);
  commitPending(s, d, c.count * outWords, c.zeroUpper);
}

/** Exceptions detected by the conversions to integers of the current instruction. */
let detected = 0;

/** `x` rounded to an integral value in `mode`; exact for every binary64 value (Math.round breaks ties upward). */
function roundToIntegral(x: number, mode: RoundingMode): number {
  switch (mode) {
    case RoundingMode.nearest: {
      const r = Math.round(x);
      return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
    }
    case RoundingMode.down:
      return Math.floor(x);
    case RoundingMode.up:
      return Math.ceil(x);
    case RoundingMode.towardZero:
      return Math.trunc(x);
  }
}

/**
 * CVT(T)xx2SI/DQ of one value (a binary32 or binary64 number; a NaN's payload does not matter):
 * the integer, or the integer indefinite (the most negative one) with IE for NaNs and values out
 * of range; PE when inexact. With DAZ a denormal converts as a zero, without PE.
 */
function toInteger(mxcsr: number, value: number, single: boolean, truncate: boolean, bits: 32 | 64): number {
  const limit = 2 ** (bits - 1);
  const denormal = value !== 0 && Math.abs(value) < (single ? MIN_NORMAL_SINGLE : MIN_NORMAL_DOUBLE);
  const x = denormal && (mxcsr & Mxcsr.DAZ) !== 0 ? 0 : value;
  const r = roundToIntegral(x, truncate ? RoundingMode.towardZero : roundingControl(mxcsr));
  if (!(r >= -limit && r < limit)) {
    detected |= Mxcsr.IE;
    return -limit;
  }
  if (r !== x) detected |= Mxcsr.PE;
  return r;
}

function finishConversion(s: X86RegisterFile, rip: number): void {
  const flags = detected;
  detected = 0;
  if (flags !== 0) raiseFloatExceptions(s, flags, rip);
}

/** CVT(T)SS2SI/CVT(T)SD2SI to a 32-bit register: returns the int32 result. */
export function toInt32(s: X86RegisterFile, value: number, single: boolean, truncate: boolean, rip: number): number {
  const r = toInteger(s.mxcsr, value, single, truncate, 32);
  finishConversion(s, rip);
  return r | 0;
}

/** To a 64-bit register: writes GPR `slot`. */
export function toInt64(s: X86RegisterFile, value: number, single: boolean, truncate: boolean, slot: number, rip: number): void {
  const r = toInteger(s.mxcsr, value, single, truncate, 64);
  finishConversion(s, rip);
  const high = Math.floor(r / 4294967296);
  s.r[2 * slot] = (r - high * 4294967296) | 0;
  s.r[2 * slot + 1] = high | 0;
}

/**
 * CVT(T)PS2DQ (4 lanes) and CVT(T)PD2DQ (2 lanes, the upper half zeroed) from `source` lanes at
 * `k` into register `d` of `dest` (`words` 4: an XMM register), all lanes converted before any is
 * written; and CVT(T)PS2PI and CVT(T)PD2PI into an MMX register (`words` 2: two lanes).
 */
export function toInt32Lanes(s: X86RegisterFile, dest: IntegerLanes, d: number, source: XmmLanes, k: number, single: boolean, truncate: boolean, words: number, rip: number): void {
  const out = pendingResult.x;
  const count = single ? words : 2;
  for (let i = 0; i < count; i++) out[i] = toInteger(s.mxcsr, single ? source.xf[k + i]! : source.xd[(k >> 1) + i]!, single, truncate, 32);
  finishConversion(s, rip);
  commitPending(dest, d, count, count < words);
}
