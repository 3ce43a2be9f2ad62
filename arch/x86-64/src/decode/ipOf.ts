/** An address as iced takes it: the unsigned 64-bit form of our signed number (kernel-half addresses are negative). */
export function icedAddress(address: number): bigint {
  return BigInt.asUintN(64, BigInt(address));
}

/** An iced address back as our signed number. */
export function fromIcedAddress(address: bigint): number {
  return Number(BigInt.asIntN(64, address));
}
