import { extendedFromNumber, extendedToBits } from '../../../arch/x86-64/src/cpu/softfloat/index.js';
import { DEFAULT_FCW, initialX87, X87_IMAGE_SIZE } from './IsaState.js';

/** An x87 register value: its 80 bits (sign and exponent above the 64-bit significand), or a number converted exactly. */
export type X87Value = bigint | number;

/** The x87 state a case starts from; anything not given is as after FNINIT. */
export interface X87Input {
  /** FCW (default 0x37f). */
  readonly control?: number;
  /** FSW; its TOP field is replaced by `top` when the stack is given. */
  readonly status?: number;
  /** ST(0), ST(1)...; `null` leaves that register empty. Registers past the list are empty. */
  readonly stack?: ReadonlyArray<X87Value | null>;
  /** TOP (default: as if `stack` had been pushed onto an empty FPU, 8 - length, mod 8). */
  readonly top?: number;
  /** Values of the empty registers (what FFREE leaves behind), by ST(i): still compared in the image. */
  readonly stale?: ReadonlyArray<X87Value>;
  /** FOP, FIP and FDP in the image (FXRSTOR loads them only while an exception is pending). */
  readonly lastOpcode?: number;
  readonly lastInstruction?: bigint;
  readonly lastData?: bigint;
}

const FSW = 2;
const FTW = 4;
const FOP = 6;
const FIP = 8;
const FDP = 16;
const REGISTERS = 32;

export function x87Bits(value: X87Value): bigint {
  return typeof value === 'bigint' ? value : extendedToBits(extendedFromNumber(value));
}

function setRegister(image: Uint8Array, i: number, value: X87Value): void {
  let bits = x87Bits(value);
  for (let k = 0; k < 10; k++) {
    image[REGISTERS + 16 * i + k] = Number(bits & 0xffn);
    bits >>= 8n;
  }
}

/** The first X87_IMAGE_SIZE bytes of the FXSAVE image of `input`. */
export function x87Image(input: X87Input): Uint8Array {
  const image = initialX87();
  const view = new DataView(image.buffer);
  const stack = input.stack ?? [];
  const top = input.top ?? (8 - stack.length) & 7;
  view.setUint16(0, input.control ?? DEFAULT_FCW, true);
  view.setUint16(FSW, ((input.status ?? 0) & ~0x3800) | (top << 11), true);
  (input.stale ?? []).forEach((value, i) => setRegister(image, i, value));
  let tag = 0;
  stack.forEach((value, i) => {
    if (value === null) return;
    setRegister(image, i, value);
    tag |= 1 << ((top + i) & 7);
  });
  image[FTW] = tag;
  view.setUint16(FOP, input.lastOpcode ?? 0, true);
  view.setBigUint64(FIP, input.lastInstruction ?? 0n, true);
  view.setBigUint64(FDP, input.lastData ?? 0n, true);
  return image;
}

/**
 * An x87 state as an MMX program leaves it: MM0, MM1... (the significands of physical registers
 * R0, R1...) holding `values`, their sign and exponent all ones, TOP 0 and every register valid.
 */
export function mmxInput(values: readonly bigint[], rest: Omit<X87Input, 'stack' | 'top'> = {}): X87Input {
  const stack = Array.from({ length: 8 }, (_, n) => (0xffffn << 64n) | BigInt.asUintN(64, values[n] ?? 0n));
  return { ...rest, stack, top: 0 };
}

/** Sets MMn, the significand of physical register n, in an image (its sign, exponent and tag kept). */
export function setMmx(image: Uint8Array, n: number, value: bigint): void {
  const top = (image[FSW + 1]! >> 3) & 7;
  const slot = REGISTERS + 16 * ((n - top) & 7);
  new DataView(image.buffer, image.byteOffset, image.byteLength).setBigUint64(slot, BigInt.asUintN(64, value), true);
}

/** ST(i) of an image: its 80 bits, and whether its tag says it holds a value. */
export function stackRegister(image: Uint8Array, i: number): { readonly valid: boolean; readonly bits: bigint } {
  const top = (image[FSW + 1]! >> 3) & 7;
  let bits = 0n;
  for (let k = 9; k >= 0; k--) bits = (bits << 8n) | BigInt(image[REGISTERS + 16 * i + k]!);
  return { valid: (image[FTW]! & (1 << ((top + i) & 7))) !== 0, bits };
}

/** FCW, FSW, the abridged tag and ST(0)-ST(7) of an image, for messages. */
export function describeX87(image: Uint8Array): string {
  if (image.length !== X87_IMAGE_SIZE) return '?';
  const view = new DataView(image.buffer, image.byteOffset, image.byteLength);
  const words = `fcw=0x${view.getUint16(0, true).toString(16)} fsw=0x${view.getUint16(FSW, true).toString(16)} ftw=0x${image[FTW]!.toString(16)}`;
  const registers: string[] = [];
  for (let i = 0; i < 8; i++) registers.push(Buffer.from(image.subarray(REGISTERS + 16 * i, REGISTERS + 16 * i + 10)).reverse().toString('hex'));
  return `${words} st=${registers.join(',')}`;
}
