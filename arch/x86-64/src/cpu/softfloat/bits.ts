const TWO_64 = 1n << 64n;

/** Number of significant bits of a non-negative bigint (0 for 0). */
export function bitLength(value: bigint): number {
  let length = 0;
  while (value >= TWO_64) {
    value >>= 64n;
    length += 64;
  }
  const high = Number(value >> 32n);
  if (high !== 0) return length + 64 - Math.clz32(high);
  return length + 32 - Math.clz32(Number(value));
}

export function lowBitsMask(count: number): bigint {
  return (1n << BigInt(count)) - 1n;
}

/** floor(sqrt(value)) for value >= 0, by Newton's iteration from above. */
export function integerSquareRoot(value: bigint): bigint {
  if (value < 2n) return value;
  let x = 1n << BigInt((bitLength(value) + 1) >> 1);
  for (;;) {
    const next = (x + value / x) >> 1n;
    if (next >= x) return x;
    x = next;
  }
}
