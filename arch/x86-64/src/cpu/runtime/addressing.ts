const TWO32 = 4294967296;

/**
 * Joins the separately summed low and high parts of a base + index * scale + displacement
 * address into one signed number, wrapping modulo 2^64 as the hardware does.
 */
export function ea(low: number, high: number): number {
  return ((high + Math.floor(low / TWO32)) | 0) * TWO32 + (low >>> 0);
}
