import { MemorySize } from '../../../arch/x86-64/src/decode/iced.js';
import { X87_IMAGE_SIZE } from '../support/IsaState.js';
import { type Random } from '../support/random.js';
import { type Form } from './catalog.js';
import { fillLanes, float32Bits, float64Bits, mxcsrValue, operandValue } from './values.js';
import { controlWord, x87State, x87Value } from './x87State.js';

function littleEndian(value: bigint, bytes: number): Uint8Array {
  const out = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) out[i] = Number((value >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** m80bcd: mostly valid (up to 18 digits, either sign, junk in the sign byte's low bits now and then), else bad digits or random bits. */
function packedBcd(rng: Random): bigint {
  const roll = rng.below(10);
  if (roll === 9) return (BigInt(rng.u32() & 0xffff) << 64n) | rng.u64();
  let digits = 0n;
  const count = rng.pick([0, 1, 2, 5, 10, 17, 18, 18]);
  for (let i = 0; i < count; i++) digits |= BigInt(rng.below(10)) << BigInt(4 * i);
  if (roll >= 7) digits |= BigInt(10 + rng.below(6)) << BigInt(4 * rng.below(18));
  const sign = rng.chance(0.5) ? 0x80n : 0n;
  const junk = rng.chance(0.2) ? BigInt(rng.below(128)) : 0n;
  return ((sign | junk) << 72n) | digits;
}

/**
 * An FLDENV/FRSTOR environment of `width`-byte fields (4, or 2 under 0x66): a control word, a
 * status word with any TOP and flags (an unmasked one leaves an exception pending), any tag word
 * (only "empty" counts), and random pointers, opcode and selectors, junk in the unused halves.
 */
function environment(rng: Random, caseIndex: number, width: number): Uint8Array {
  const bytes = new Uint8Array(7 * width);
  const view = new DataView(bytes.buffer);
  const tag = rng.pick([0, 0xffff, 0x5555, 0xaaaa, rng.u32() & 0xffff]);
  const words = [controlWord(rng, caseIndex), rng.u32() & 0xffff, tag, rng.u32(), rng.u32(), rng.u32(), rng.u32()];
  const junk = rng.chance(0.5) ? 0xffff0000 : rng.u32() & 0xffff0000;
  words.forEach((word, k) => {
    const value = k < 3 ? (word & 0xffff) | junk : word;
    if (width === 4) view.setUint32(4 * k, value >>> 0, true);
    else view.setUint16(2 * k, value & 0xffff, true);
  });
  return bytes;
}

/** FNSAVE/FRSTOR: the environment, then ST(0)-ST(7) as 80-bit values. */
function savedState(rng: Random, caseIndex: number, width: number): Uint8Array {
  const env = environment(rng, caseIndex, width);
  const image = new Uint8Array(env.length + 80);
  image.set(env);
  for (let i = 0; i < 8; i++) image.set(littleEndian(x87Value(rng, caseIndex, i), 10), env.length + 10 * i);
  return image;
}

const MXCSR_MASK = 0x0002ffff;

/**
 * An FXRSTOR image: a generated x87 part with random pointer fields (the 32-bit layout's
 * selectors included) and reserved bytes, MXCSR (with a reserved bit, a #GP, 1 in 10), any
 * MXCSR_MASK, XMM data, and random bytes in the reserved and available area.
 */
function fxsaveArea(rng: Random, caseIndex: number): Uint8Array {
  const image = rng.bytes(512);
  const x87 = x87State(rng, caseIndex, 0);
  image.set(x87.subarray(0, 8));
  image.set(x87.subarray(32, X87_IMAGE_SIZE), 32);
  for (let i = 0; i < 8; i++) image.set(rng.bytes(6), 32 + 16 * i + 10);
  const view = new DataView(image.buffer);
  const reserved = rng.chance(0.1) ? 1 << rng.pick([16, 18, 20, 31]) : 0;
  view.setUint32(24, (mxcsrValue(rng) | reserved) >>> 0, true);
  view.setUint32(28, rng.chance(0.5) ? MXCSR_MASK : rng.u32(), true);
  fillLanes(rng, image, 160, 256);
  return image;
}

type Contents = (rng: Random, caseIndex: number) => Uint8Array;

const CONTENTS = new Map<number, Contents>([
  [MemorySize.Float32, (rng) => littleEndian(float32Bits(rng), 4)],
  [MemorySize.Float64, (rng) => littleEndian(float64Bits(rng), 8)],
  [MemorySize.Float80, (rng, k) => littleEndian(x87Value(rng, k, 0), 10)],
  [MemorySize.Int16, (rng, k) => littleEndian(operandValue(rng, 16, k, 0), 2)],
  [MemorySize.Int32, (rng, k) => littleEndian(operandValue(rng, 32, k, 0), 4)],
  [MemorySize.Int64, (rng, k) => littleEndian(operandValue(rng, 64, k, 0), 8)],
  [MemorySize.Bcd, (rng) => littleEndian(packedBcd(rng), 10)],
  [MemorySize.UInt16, (rng, k) => littleEndian(BigInt(rng.chance(0.7) ? controlWord(rng, k) : rng.u32() & 0xffff), 2)],
  [MemorySize.FpuEnv14, (rng, k) => environment(rng, k, 2)],
  [MemorySize.FpuEnv28, (rng, k) => environment(rng, k, 4)],
  [MemorySize.FpuState94, (rng, k) => savedState(rng, k, 2)],
  [MemorySize.FpuState108, (rng, k) => savedState(rng, k, 4)],
  [MemorySize.Fxsave_512Byte, fxsaveArea],
  [MemorySize.Fxsave64_512Byte, fxsaveArea],
]);

/** What an x87 form's memory operand holds before it runs (what a load reads; a store overwrites it). */
export function x87MemoryContents(rng: Random, form: Form, caseIndex: number): Uint8Array | undefined {
  return CONTENTS.get(form.memoryType)?.(rng, caseIndex);
}
