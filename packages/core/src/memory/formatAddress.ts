/** An address as `0x...` in its unsigned 64-bit form (kernel-half addresses are negative numbers here). */
export function formatAddress(address: number): string {
  return `0x${(address < 0 ? BigInt.asUintN(64, BigInt(address)) : address).toString(16)}`;
}
