import { type GuestMemory } from '@ubp/core';
import {
  type ExtendedFloat,
  extendedToDouble,
  extendedToInteger,
  extendedToSingle,
  type FloatContext,
  integerIndefinite,
  type IntegerWidth,
  realIndefinite,
  RoundingMode,
} from '../../softfloat/index.js';
import { X87Status, type X87State } from '../../state/X87State.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { fpuContext, isMasked, pop, report, stackFault } from './fpu.js';
import { FORMAT_BYTES, MemoryFormat } from './memoryOperand.js';
import { PACKED_BCD_INDEFINITE, packedBcdOf } from './packedBcd.js';

const { invalid: IE, overflow: OE, underflow: UE, precision: PE } = X87Status;

/** The bits of a store, up to 80 of them. */
type Stored = bigint;

function writeStored(M: GuestMemory, a: number, format: number, bits: Stored): void {
  switch (format) {
    case MemoryFormat.real32:
    case MemoryFormat.int32:
      return M.w32(a, Number(BigInt.asIntN(32, bits)));
    case MemoryFormat.int16:
      return M.w16(a, Number(bits & 0xffffn));
    case MemoryFormat.real80:
    case MemoryFormat.bcd:
      M.w64(a, Number(BigInt.asIntN(32, bits)), Number(BigInt.asIntN(32, bits >> 32n)));
      return M.w16(a + 8, Number((bits >> 64n) & 0xffffn));
    default:
      return M.w64(a, Number(BigInt.asIntN(32, bits)), Number(BigInt.asIntN(32, bits >> 32n)));
  }
}

function extendedBits(value: ExtendedFloat): bigint {
  return (BigInt((value.sign << 15) | value.exponent) << 64n) | value.significand;
}

/** What the masked response to an empty ST(0) stores: the indefinite of the format. */
function indefiniteOf(format: number): Stored {
  switch (format) {
    case MemoryFormat.real32:
      return 0xffc00000n;
    case MemoryFormat.real64:
      return 0xfff8000000000000n;
    case MemoryFormat.real80:
      return extendedBits(realIndefinite());
    case MemoryFormat.int16:
      return integerIndefinite(16);
    case MemoryFormat.int32:
      return integerIndefinite(32);
    case MemoryFormat.int64:
      return integerIndefinite(64);
    default:
      return PACKED_BCD_INDEFINITE;
  }
}

const INTEGER_WIDTHS: Readonly<Record<number, IntegerWidth>> = { [MemoryFormat.int16]: 16, [MemoryFormat.int32]: 32, [MemoryFormat.int64]: 64 };

/** ST(0) converted to `format` with RC (FISTTP: toward zero), flags in `ctx`. */
function converted(value: ExtendedFloat, format: number, ctx: FloatContext, truncate: boolean): Stored {
  switch (format) {
    case MemoryFormat.real32:
      return BigInt(extendedToSingle(value, ctx));
    case MemoryFormat.real64:
      return extendedToDouble(value, ctx);
    case MemoryFormat.real80:
      return extendedBits(value);
    case MemoryFormat.bcd:
      return packedBcdOf(value, ctx);
    default:
      return extendedToInteger(value, INTEGER_WIDTHS[format]!, ctx, truncate ? RoundingMode.towardZero : ctx.rounding);
  }
}

/** The empty-ST(0) case of a store: the masked response stores the indefinite (then pops when asked). */
function storeUnderflow(x87: X87State, M: GuestMemory, a: number, format: number, popAfter: boolean): void {
  const masked = isMasked(x87, IE);
  if (masked) writeStored(M, a, format, indefiniteOf(format));
  stackFault(x87, false);
  if (masked && popAfter) pop(x87);
}

/**
 * FST FSTP m32/m64/m80, FIST FISTP m16/m32/m64, FISTTP (`truncate`), FBSTP. The destination is
 * probed first: a page fault comes before any x87 exception, even one that would store nothing.
 * An unmasked IE, OE or UE stores nothing and does not pop (only that flag is reported); PE does
 * not stop the store.
 */
export function fstMemory(s: X86RegisterFile, M: GuestMemory, a: number, format: number, popAfter: boolean, truncate: boolean): void {
  const x87 = s.x87;
  M.checkWritable(a, FORMAT_BYTES[format]!);
  if (x87.isEmpty(0)) return storeUnderflow(x87, M, a, format, popAfter);
  const ctx = fpuContext(x87);
  const bits = converted(x87.read(0), format, ctx, truncate);
  if (!isMasked(x87, ctx.flags & (IE | OE | UE))) return report(x87, ctx.flags & ~PE, 0);
  writeStored(M, a, format, bits);
  report(x87, ctx.flags, ctx.c1);
  if (popAfter) pop(x87);
}

/**
 * FSTPNCE ST(i) (D9 D8+i, an alias of FSTP ST(i)): an empty ST(0) is no stack underflow on this
 * host: nothing is stored, C1 is cleared and the stack pops.
 */
export function fstpNoUnderflow(s: X86RegisterFile, i: number): void {
  const x87 = s.x87;
  if (!x87.isEmpty(0)) return fstRegister(s, i, true);
  report(x87, 0, 0);
  pop(x87);
}

/** FST/FSTP ST(i): a copy of the register, whatever it holds, raising nothing. */
export function fstRegister(s: X86RegisterFile, i: number, popAfter: boolean): void {
  const x87 = s.x87;
  if (x87.isEmpty(0)) {
    if (!stackFault(x87, false)) return;
    x87.write(i, realIndefinite());
  } else {
    report(x87, 0, 0);
    x87.write(i, x87.read(0));
  }
  if (popAfter) pop(x87);
}
