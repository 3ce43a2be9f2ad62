import { type Random } from '../support/random.js';

/** Interesting values of a `bits`-wide operand, as unsigned bigints: zero, one, the sign boundaries, all ones, alternating bits. */
export function edgeValues(bits: number): bigint[] {
  const top = 1n << BigInt(bits - 1);
  const ones = (1n << BigInt(bits)) - 1n;
  const alternating = ones / 3n; // 0x55...
  const values = [0n, 1n, 2n, top - 1n, top, top + 1n, ones, ones - 1n, alternating, alternating << 1n, 0x7fn, 0x80n, 0xffn];
  return [...new Set(values.map((v) => v & ones))];
}

/** Shift and rotate counts: each side of the width and of the 5/6-bit count mask. */
export function countValues(bits: number): number[] {
  return [...new Set([0, 1, 2, bits - 1, bits, bits + 1, 31, 32, 33, 63, 64, 65, 0x80 | 1, 0xff])];
}

/** A value for an operand of `bits` width: systematic edges for the first cases, then mostly random. */
export function operandValue(rng: Random, bits: number, caseIndex: number, operandIndex: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  const edges = edgeValues(bits);
  if (caseIndex < edges.length + 7) return edges[(caseIndex + 5 * operandIndex) % edges.length]!;
  if (rng.chance(0.25)) return rng.pick(edges);
  if (rng.chance(0.15)) return BigInt(rng.below(70));
  return rng.u64() & mask;
}

/** A 64-bit register value: random, or a narrow edge under random upper bits (so merges into wider registers show). */
export function gprValue(rng: Random): bigint {
  const r = rng.u64();
  if (rng.chance(0.5)) return r;
  const bits = rng.pick([8, 16, 32, 64]);
  const mask = (1n << BigInt(bits)) - 1n;
  return BigInt.asUintN(64, (r & ~mask) | rng.pick(edgeValues(bits)));
}

const F32_SPECIALS = [0x00000000, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000, 0xffc00000, 0x7fa00000, 0x00000001, 0x807fffff, 0x7f7fffff, 0x00800000, 0x3f000000, 0x4f000000, 0xcf000000, 0x5f000000];
const F64_SPECIALS = [
  0x0000000000000000n, 0x8000000000000000n, 0x3ff0000000000000n, 0xbff0000000000000n, 0x7ff0000000000000n, 0xfff0000000000000n, 0x7ff8000000000000n,
  0xfff8000000000000n, 0x7ff4000000000000n, 0x0000000000000001n, 0x800fffffffffffffn, 0x7fefffffffffffffn, 0x0010000000000000n, 0x3fe0000000000000n,
  0x41e0000000000000n, 0xc1e0000000000000n, 0x43e0000000000000n, 0x3ff8000000000000n,
];

/** A number of moderate magnitude, where arithmetic results are exact or round. */
function ordinary(rng: Random): number {
  return (rng.u32() / 0x1_0000_0000 - 0.5) * 2 ** (rng.below(40) - 20);
}

const bitsOf = new DataView(new ArrayBuffer(8));

/** An m32fp operand: a special, an ordinary float, or random bits. */
export function float32Bits(rng: Random): bigint {
  const roll = rng.below(10);
  if (roll < 4) return BigInt(rng.pick(F32_SPECIALS));
  if (roll < 7) {
    bitsOf.setFloat32(0, ordinary(rng), true);
    return BigInt(bitsOf.getUint32(0, true));
  }
  return BigInt(rng.u32());
}

/** An m64fp operand: a special, an ordinary double, or random bits. */
export function float64Bits(rng: Random): bigint {
  const roll = rng.below(10);
  if (roll < 4) return rng.pick(F64_SPECIALS);
  if (roll < 7) {
    bitsOf.setFloat64(0, ordinary(rng), true);
    return bitsOf.getBigUint64(0, true);
  }
  return rng.u64();
}

function writeLanes(rng: Random, into: Uint8Array, at: number, n: number): void {
  const view = new DataView(into.buffer, into.byteOffset, into.byteLength);
  const mode = rng.below(4);
  for (let i = at; i + 8 <= at + n; i += 8) {
    if (mode === 0) {
      view.setUint32(i, rng.chance(0.5) ? rng.pick(F32_SPECIALS) : rng.u32(), true);
      view.setUint32(i + 4, rng.chance(0.5) ? rng.pick(F32_SPECIALS) : rng.u32(), true);
    } else if (mode === 1) {
      view.setBigUint64(i, rng.chance(0.5) ? rng.pick(F64_SPECIALS) : rng.u64(), true);
    } else if (mode === 2) {
      view.setFloat32(i, ordinary(rng), true);
      view.setFloat32(i + 4, ordinary(rng), true);
    } else {
      view.setBigUint64(i, rng.u64(), true);
    }
  }
}

/** Bytes for SSE data: runs of float specials, ordinary floats and doubles, or random bits. */
export function fillLanes(rng: Random, into: Uint8Array, at = 0, n = into.length): void {
  for (let i = at; i < at + n; i += 16) writeLanes(rng, into, i, Math.min(16, at + n - i));
}

/** MXCSR: mostly the default; sometimes another rounding mode, DAZ/FTZ, sticky flags, or unmasked exceptions. */
export function mxcsrValue(rng: Random): number {
  if (rng.chance(0.6)) return 0x1f80;
  let v = 0x1f80 | (rng.below(4) << 13);
  if (rng.chance(0.3)) v |= 0x0040; // DAZ
  if (rng.chance(0.3)) v |= 0x8000; // FTZ
  if (rng.chance(0.3)) v |= rng.below(64); // sticky exception flags
  if (rng.chance(0.2)) v &= ~(rng.below(64) << 7); // unmask some exceptions
  return v;
}

/** Status flags and, now and then, DF. */
export function flagsValue(rng: Random): bigint {
  const status = [0x001, 0x004, 0x010, 0x040, 0x080, 0x800].reduce((acc, bit) => (rng.chance(0.5) ? acc | bit : acc), 0);
  return BigInt(status | (rng.chance(0.25) ? 0x400 : 0) | 0x202);
}
