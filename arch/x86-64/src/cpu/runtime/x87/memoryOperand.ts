import { type GuestMemory } from '@ubp/core';
import {
  type ExtendedFloat,
  extendedFromDouble,
  extendedFromInteger,
  extendedFromSingle,
  type FloatContext,
  isExtendedNaN,
  isExtendedUnsupported,
} from '../../softfloat/index.js';
import { packedBcdValue } from './packedBcd.js';

/** The memory operand formats of the x87 (Intel SDM vol. 1, 8.2). */
export const MemoryFormat = { real32: 0, real64: 1, real80: 2, int16: 3, int32: 4, int64: 5, bcd: 6 } as const;

/** The size in bytes of each MemoryFormat. */
export const FORMAT_BYTES: readonly number[] = [4, 8, 10, 2, 4, 8, 10];

function readUnsigned64(M: GuestMemory, a: number): bigint {
  const lo = M.r64(a);
  return (BigInt(M.hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

/** The 80-bit value stored at `a`, as FLD m80 reads it: no conversion, no exception. */
function readExtended(M: GuestMemory, a: number): ExtendedFloat {
  const significand = readUnsigned64(M, a);
  const top = M.r16(a + 8);
  return { sign: (top >> 15) as 0 | 1, exponent: top & 0x7fff, significand };
}

/**
 * The operand at `a` converted to the 80-bit format as FLD does: exact, but a single or double
 * SNaN raises IE (and is quieted) and a single or double denormal raises DE in `ctx`.
 */
export function readMemoryOperand(M: GuestMemory, a: number, format: number, ctx: FloatContext): ExtendedFloat {
  switch (format) {
    case MemoryFormat.real32:
      return extendedFromSingle(M.r32(a) >>> 0, ctx);
    case MemoryFormat.real64:
      return extendedFromDouble(readUnsigned64(M, a), ctx);
    case MemoryFormat.real80:
      return readExtended(M, a);
    case MemoryFormat.int16:
      return extendedFromInteger(BigInt((M.r16(a) << 16) >> 16));
    case MemoryFormat.int32:
      return extendedFromInteger(BigInt(M.r32(a)));
    case MemoryFormat.int64:
      return extendedFromInteger(BigInt.asIntN(64, readUnsigned64(M, a)));
    default: {
      // The low eight bytes first: a fault names the first inaccessible byte, as on this host.
      const low = readUnsigned64(M, a);
      return packedBcdValue((BigInt(M.r16(a + 8)) << 64n) | low);
    }
  }
}

/** A memory source operand of an arithmetic or comparison instruction, as the operation sees it. */
export interface SourceOperand {
  /** The exact 80-bit value; an SNaN stays signaling, for the operation's NaN rules to see. */
  readonly value: ExtendedFloat;
  /** A single or double denormal: the operation raises DE for it as for a denormal register. */
  readonly denormal: boolean;
}

// Converting a non-NaN single or double is exact and raises nothing the caller keeps.
const scratch: FloatContext = { rounding: 0, precision: 64, flags: 0, c1: 0 };

/** A single or double NaN as is, its payload moved to the top of the 80-bit significand. */
function nanSource(sign: number, payload: bigint): SourceOperand {
  return { value: { sign: sign as 0 | 1, exponent: 0x7fff, significand: (1n << 63n) | payload }, denormal: false };
}

function singleSource(bits: number): SourceOperand {
  const exponent = (bits >>> 23) & 0xff;
  const fraction = bits & 0x7fffff;
  if (exponent === 0xff && fraction !== 0) return nanSource(bits >>> 31, BigInt(fraction) << 40n);
  return { value: extendedFromSingle(bits, scratch), denormal: exponent === 0 && fraction !== 0 };
}

function doubleSource(bits: bigint): SourceOperand {
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & 0xfffffffffffffn;
  if (exponent === 0x7ff && fraction !== 0n) return nanSource(Number(bits >> 63n), fraction << 11n);
  return { value: extendedFromDouble(bits, scratch), denormal: exponent === 0 && fraction !== 0n };
}

/**
 * Whether a denormal source raises DE against `other`: as a denormal register would, that is
 * unless `other` is a NaN or an unsupported encoding (NaN propagation or IE come first).
 */
export function sourceRaisesDenormal(source: SourceOperand, other: ExtendedFloat): boolean {
  return source.denormal && !isExtendedNaN(other) && !isExtendedUnsupported(other);
}

/** The source operand at `a` for the arithmetic and comparisons (integers convert exactly). */
export function readSourceOperand(M: GuestMemory, a: number, format: number): SourceOperand {
  if (format === MemoryFormat.real32) return singleSource(M.r32(a) >>> 0);
  if (format === MemoryFormat.real64) return doubleSource(readUnsigned64(M, a));
  return { value: readMemoryOperand(M, a, format, scratch), denormal: false };
}
