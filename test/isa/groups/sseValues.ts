/** Operand values and MXCSR settings shared by the SSE group specs. */
import { Random } from '../support/random.js';

/** Binary32 bit patterns: zeros, denormals, normal edges, infinities, NaNs with payloads, and values whose operations round differently per mode. */
export const SINGLES: readonly number[] = [
  0x00000000, 0x80000000, 0x00000001, 0x807fffff, 0x00800000, 0x80800000, 0x3f800000, 0xbf800000, 0x40400000, 0xc0400000,
  0x3f800001, 0x3fffffff, 0x7f7fffff, 0xff7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00001, 0x7fa00005, 0xff800123,
  0x4b800001, 0x00c00000, 0x1f000000, 0x5f800000, 0x3eaaaaab, 0x4f000000, 0xcf000000, 0x3f000000,
];

/** Binary64 bit patterns of the same kinds. */
export const DOUBLES: readonly bigint[] = [
  0x0000000000000000n, 0x8000000000000000n, 0x0000000000000001n, 0x800fffffffffffffn, 0x0010000000000000n, 0x8010000000000000n,
  0x3ff0000000000000n, 0xbff0000000000000n, 0x4008000000000000n, 0xc008000000000000n, 0x3ff0000000000001n, 0x3fffffffffffffffn,
  0x7fefffffffffffffn, 0xffefffffffffffffn, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n, 0xfff8000000000001n,
  0x7ff4000000000005n, 0xfff0000000000123n, 0x4340000000000001n, 0x0018000000000000n, 0x2000000000000000n, 0x5ff0000000000000n,
  0x3fd5555555555555n, 0x43e0000000000000n, 0xc3e0000000000000n, 0x41dfffffffc00000n, 0xc1e0000000200000n, 0x3fe0000000000000n,
];

/**
 * MXCSR settings: the default, PE already set (the fast path skips computing it), every other
 * rounding mode, DAZ and FTZ, and unmasked exceptions alone and together.
 */
export const MXCSR_MODES: readonly number[] = [0x1f80, 0x1fa0, 0x3f80, 0x5f80, 0x7fa0, 0x9fc0, 0x1fc0, 0x9f80, 0x0000, 0x1f00, 0x1e80, 0x1d80, 0x1b80, 0x1780, 0x0f80];

/** The same without the unmasked settings, for instructions that cannot fault. */
export const MASKED_MODES: readonly number[] = MXCSR_MODES.filter((m) => (m & 0x1f80) === 0x1f80);

/** A 128-bit register value from int32 lanes (lane 0 lowest). */
export function fromLanes32(lanes: readonly number[]): bigint {
  return lanes.reduce((v, lane, i) => v | (BigInt(lane >>> 0) << BigInt(32 * i)), 0n);
}

export function fromLanes64(lanes: readonly bigint[]): bigint {
  return lanes.reduce((v, lane, i) => v | (BigInt.asUintN(64, lane) << BigInt(64 * i)), 0n);
}

/** Every ordered pair of `values`, shuffled, grouped `size` at a time (the last group padded from the start). */
export function pairGroups<T>(values: readonly T[], size: number, seed: number): Array<Array<[T, T]>> {
  const random = new Random(seed);
  const pairs: Array<[T, T]> = values.flatMap((a) => values.map((b): [T, T] => [a, b]));
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = random.below(i + 1);
    [pairs[i], pairs[j]] = [pairs[j]!, pairs[i]!];
  }
  const groups: Array<Array<[T, T]>> = [];
  for (let i = 0; i < pairs.length; i += size) groups.push(Array.from({ length: size }, (_, k) => pairs[(i + k) % pairs.length]!));
  return groups;
}

/** The packed-integer instructions that combine two registers (or a register and memory), XMM and MMX alike but for the quadword interleaves. */
export const PACKED_BINARY = [
  'paddb', 'paddw', 'paddd', 'paddq', 'psubb', 'psubw', 'psubd', 'psubq', 'paddsb', 'paddsw', 'paddusb', 'paddusw', 'psubsb', 'psubsw', 'psubusb', 'psubusw',
  'pmullw', 'pmulhw', 'pmulhuw', 'pmuludq', 'pmaddwd', 'pavgb', 'pavgw', 'pminub', 'pmaxub', 'pminsw', 'pmaxsw', 'psadbw',
  'pcmpeqb', 'pcmpeqw', 'pcmpeqd', 'pcmpgtb', 'pcmpgtw', 'pcmpgtd', 'pand', 'pandn', 'por', 'pxor',
  'punpcklbw', 'punpcklwd', 'punpckldq', 'punpcklqdq', 'punpckhbw', 'punpckhwd', 'punpckhdq', 'punpckhqdq', 'packsswb', 'packssdw', 'packuswb',
];

/** The element shifts, by an immediate, a register or memory. */
export const PACKED_SHIFTS = ['psllw', 'pslld', 'psllq', 'psrlw', 'psrld', 'psrlq', 'psraw', 'psrad'];

/** Shift counts at and past every element width, and counts with high bits set. */
export const SHIFT_COUNTS = [0n, 1n, 7n, 8n, 15n, 16n, 17n, 31n, 32n, 33n, 63n, 64n, 65n, 255n, 256n, 1n << 32n, (1n << 32n) + 1n, 1n << 63n];

const LANE_EDGES = [0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x7fffffff, 0x80000000, 0xffffffff, 0x00ff00ff, 0x80808080, 0x7f7f7f7f];

/** An int32 lane for the integer instructions: byte, word and dword edges, or random bits. */
export function integerLane(random: Random): number {
  return random.chance(0.4) ? random.pick(LANE_EDGES) : random.chance(0.3) ? random.u32() & 0x80ff7f01 : random.u32();
}

/** Random 128-bit values with a bias to lane edges, for the integer instructions. */
export function integerVectors(count: number, seed: number): bigint[] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => fromLanes32(Array.from({ length: 4 }, () => integerLane(random))));
}
