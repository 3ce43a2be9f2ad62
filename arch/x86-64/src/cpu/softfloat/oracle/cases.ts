/** Seeded case generation shared by the oracle tests: edge values plus a deterministic PRNG. */

export class CaseRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** mulberry32: small, fast and good enough to spread test inputs. */
  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  below(n: number): number {
    return this.uint32() % n;
  }

  bits64(): bigint {
    return (BigInt(this.uint32()) << 32n) | BigInt(this.uint32());
  }

  pick<T>(items: readonly T[]): T {
    const item = items[this.below(items.length)];
    if (item === undefined) throw new Error('pick from an empty list');
    return item;
  }

  /** Significand bits with long runs of ones or zeros, which sit on rounding boundaries. */
  patternedBits(width: number): bigint {
    let bits = 0n;
    let position = 0;
    while (position < width) {
      const run = 1 + this.below(Math.max(1, width >> 2));
      const ones = this.below(2) === 1;
      for (let i = 0; i < run && position < width; i++, position++) bits = (bits << 1n) | (ones ? 1n : 0n);
    }
    return bits;
  }
}

const f80 = (top: number, significand: bigint): bigint => (BigInt(top) << 64n) | significand;

export const EXTENDED_EDGES: readonly bigint[] = [
  f80(0x0000, 0n),
  f80(0x8000, 0n),
  f80(0x0000, 1n),
  f80(0x8000, 1n),
  f80(0x0000, 0x4000000000000000n),
  f80(0x0000, 0x7fffffffffffffffn),
  f80(0x0000, 0x8000000000000000n), // pseudo-denormals
  f80(0x8000, 0xffffffffffffffffn),
  f80(0x0001, 0x8000000000000000n),
  f80(0x8001, 0xffffffffffffffffn),
  f80(0x7ffe, 0xffffffffffffffffn),
  f80(0xfffe, 0x8000000000000000n),
  f80(0x3fff, 0x8000000000000000n),
  f80(0xbfff, 0x8000000000000000n),
  f80(0x3fff, 0x8000000000000001n),
  f80(0x3fff, 0xffffffffffffffffn),
  f80(0x3fff, 0xc000000000000000n),
  f80(0x3ffd, 0xaaaaaaaaaaaaaaabn), // 1/3
  f80(0x3ffe, 0xaaaaaaaaaaaaaaabn),
  f80(0x4000, 0xc90fdaa22168c235n), // pi
  f80(0x3ffe, 0xc90fdaa22168c235n), // pi/4
  f80(0x4000, 0xadf85458a2bb4a9bn), // e
  f80(0x3ffb, 0xcccccccccccccccdn), // 0.1
  f80(0x3fff, 0x8000008000000000n), // ties at 24 bits
  f80(0x3fff, 0x8000018000000000n),
  f80(0x3fff, 0x8000000000000400n), // ties at 53 bits
  f80(0x3fff, 0x8000000000000c00n),
  f80(0x3fff, 0xffffff8000000000n),
  f80(0x3fff, 0xfffffffffffffc00n),
  f80(0x403e, 0x8000000000000000n), // 2^63
  f80(0x403d, 0xffffffffffffffffn),
  f80(0x401e, 0xffffffff00000000n),
  f80(0x400e, 0x8000000000000000n),
  f80(0x3ffe, 0x8000000000000000n), // 0.5
  f80(0x3ffe, 0xc000000000000000n), // 0.75
  f80(0x4000, 0xa000000000000000n), // 2.5
  f80(0x3c01, 0x8000000000000000n), // double's smallest normal
  f80(0x3bcd, 0x8000000000000000n), // double's smallest denormal
  f80(0x3f81, 0x8000000000000000n), // single's smallest normal
  f80(0x43fe, 0xfffffffffffff800n), // double's largest
  f80(0x407e, 0xffffff0000000000n), // single's largest
  f80(0x7fff, 0x8000000000000000n), // infinities
  f80(0xffff, 0x8000000000000000n),
  f80(0x7fff, 0xc000000000000000n), // QNaNs
  f80(0xffff, 0xc000000000000001n),
  f80(0x7fff, 0xc000000000000123n),
  f80(0x7fff, 0x8000000000000001n), // SNaNs
  f80(0xffff, 0xbfffffffffffffffn),
  f80(0x7fff, 0x8000000000000000n ^ 0x8000000000000000n), // pseudo-infinity
  f80(0x7fff, 0x4000000000000000n), // pseudo-NaN
  f80(0x3fff, 0x4000000000000000n), // unnormal
  f80(0x0001, 0x0000000000000001n),
];

const DOUBLE_EDGES: readonly bigint[] = [
  0x0000000000000000n,
  0x8000000000000000n,
  0x0000000000000001n,
  0x8000000000000001n,
  0x000fffffffffffffn,
  0x0008000000000000n,
  0x0010000000000000n,
  0x8010000000000001n,
  0x7fefffffffffffffn,
  0xffefffffffffffffn,
  0x3ff0000000000000n,
  0xbff0000000000000n,
  0x3ff0000000000001n,
  0x3fefffffffffffffn,
  0x3ff8000000000000n,
  0x3fd5555555555555n,
  0x400921fb54442d18n,
  0x3fb999999999999an,
  0x4330000000000000n, // 2^52
  0x43e0000000000000n, // 2^63
  0xc3e0000000000000n,
  0x41dfffffffc00000n, // 2^31 - 1
  0xc1e0000000000000n, // -2^31
  0x41e0000000000000n,
  0x3fe0000000000000n, // 0.5
  0x3ff8000000000000n,
  0x4004000000000000n, // 2.5
  0x3690000000000000n, // single's smallest denormal
  0x3810000000000000n, // single's smallest normal
  0x380fffffe0000000n,
  0x47efffffe0000000n, // single's largest
  0x47efffff00000000n,
  0x7ff0000000000000n,
  0xfff0000000000000n,
  0x7ff8000000000000n,
  0xfff8000000000001n,
  0x7ff0000000000001n,
  0xfff7ffffffffffffn,
];

const SINGLE_EDGES: readonly number[] = [
  0x00000000, 0x80000000, 0x00000001, 0x80000001, 0x007fffff, 0x00400000, 0x00800000, 0x80800001, 0x7f7fffff,
  0xff7fffff, 0x3f800000, 0xbf800000, 0x3f800001, 0x3f7fffff, 0x3fc00000, 0x3eaaaaab, 0x40490fdb, 0x3dcccccd,
  0x4b000000, 0x5f000000, 0xdf000000, 0x4f000000, 0xcf000000, 0x3f000000, 0x40200000, 0x7f800000, 0xff800000,
  0x7fc00000, 0xffc00001, 0x7f800001, 0xffbfffff,
];

export function randomExtendedBits(random: CaseRandom): bigint {
  const choice = random.below(16);
  const sign = random.below(2);
  let exponent: number;
  if (choice < 9) exponent = 0x3fff - 70 + random.below(140);
  else if (choice < 11) exponent = random.below(0x7fff);
  else if (choice < 13) exponent = random.below(80);
  else if (choice < 14) exponent = 0x7ffe - random.below(80);
  else exponent = random.pick([0, 0x7fff, 0x3fff]);
  let significand = random.below(2) === 0 ? random.bits64() : random.patternedBits(64);
  if (exponent !== 0 && random.below(64) !== 0) significand |= 1n << 63n;
  if (exponent === 0 && random.below(4) !== 0) significand &= (1n << 63n) - 1n;
  return f80((sign << 15) | exponent, significand);
}

function randomDoubleBits(random: CaseRandom): bigint {
  return randomInterchangeBits(random, 11, 52, 60);
}

function randomSingleBits(random: CaseRandom): number {
  return Number(randomInterchangeBits(random, 8, 23, 30));
}

/** Mostly exponents within `spread` of 1.0, with some anywhere, tiny, huge, or all zeros or ones. */
function randomInterchangeBits(random: CaseRandom, exponentBits: number, fractionBits: number, spread: number): bigint {
  const maxExponent = (1 << exponentBits) - 1;
  const bias = maxExponent >> 1;
  const choice = random.below(16);
  let exponent: number;
  if (choice < 9) exponent = bias - spread + random.below(2 * spread);
  else if (choice < 12) exponent = random.below(maxExponent);
  else if (choice < 14) exponent = random.below(spread);
  else if (choice < 15) exponent = maxExponent - 1 - random.below(spread);
  else exponent = random.pick([0, maxExponent]);
  const fraction = (random.below(2) === 0 ? random.bits64() : random.patternedBits(64)) & ((1n << BigInt(fractionBits)) - 1n);
  const sign = BigInt(random.below(2));
  return (sign << BigInt(exponentBits + fractionBits)) | (BigInt(exponent) << BigInt(fractionBits)) | fraction;
}

/** A random value whose exponent is near `near` (a biased f80 exponent), for operands that interact. */
export function randomExtendedNear(random: CaseRandom, near: bigint, spread: number): bigint {
  const top = Number(near >> 64n);
  const exponent = Math.min(0x7ffe, Math.max(0, (top & 0x7fff) - spread + random.below(2 * spread + 1)));
  let significand = random.below(2) === 0 ? random.bits64() : random.patternedBits(64);
  if (exponent !== 0) significand |= 1n << 63n;
  return f80((random.below(2) << 15) | exponent, significand);
}

export const hex80 = (bits: bigint): string => bits.toString(16).padStart(20, '0');
export const hex64 = (bits: bigint): string => bits.toString(16).padStart(16, '0');
export const hex32 = (bits: number): string => (bits >>> 0).toString(16).padStart(8, '0');

/** One format's operands for oracle lines: edge and random values, written as the oracle reads them. */
export class OracleOperands<Bits> {
  constructor(
    private readonly edgeValues: readonly Bits[],
    private readonly randomBits: (random: CaseRandom) => Bits,
    private readonly hex: (bits: Bits) => string,
  ) {}

  edges(): string[] {
    return this.edgeValues.map((bits) => this.hex(bits));
  }

  /** Every ordered pair of edge values, as `a b`. */
  edgePairs(): string[] {
    const edges = this.edges();
    return edges.flatMap((a) => edges.map((b) => `${a} ${b}`));
  }

  random(random: CaseRandom): string {
    return this.hex(this.randomBits(random));
  }

  /** The edge values, then `count` random ones. */
  edgesAndRandom(random: CaseRandom, count: number): string[] {
    return [...this.edges(), ...Array.from({ length: count }, () => this.random(random))];
  }
}

export const EXTENDED_OPERANDS = new OracleOperands(EXTENDED_EDGES, randomExtendedBits, hex80);
export const DOUBLE_OPERANDS = new OracleOperands(DOUBLE_EDGES, randomDoubleBits, hex64);
export const SINGLE_OPERANDS = new OracleOperands(SINGLE_EDGES, randomSingleBits, hex32);

/** Every rounding mode × precision control, all exceptions masked. */
export const X87_CONTROL_WORDS: readonly number[] = [0, 1, 2, 3].flatMap((rc) => [0, 2, 3].map((pc) => 0x3f | (pc << 8) | (rc << 10)));

/** Every rounding mode, with and without DAZ and FTZ, all exceptions masked. */
export const MXCSR_VALUES: readonly number[] = [0, 1, 2, 3].flatMap((rc) =>
  [0, 0x40, 0x8000, 0x8040].map((modes) => 0x1f80 | (rc << 13) | modes),
);
