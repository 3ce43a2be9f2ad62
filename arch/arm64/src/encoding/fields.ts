/** Bits [lsb, lsb + width) of an instruction word, unsigned (width at most 31). */
export function field(word: number, lsb: number, width: number): number {
  return (word >>> lsb) & ((1 << width) - 1);
}

/** The same bits read as a two's complement number. */
export function signedField(word: number, lsb: number, width: number): number {
  return (word << (32 - lsb - width)) >> (32 - width);
}

/** The little-endian instruction word at the start of `bytes`, unsigned. */
export function readWord(bytes: Uint8Array): number {
  return ((bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16) | (bytes[3]! << 24)) >>> 0);
}

/** The four little-endian bytes of an instruction word. */
export function wordBytes(word: number): Uint8Array {
  return Uint8Array.of(word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, (word >>> 24) & 0xff);
}

/** Register fields: Rt/Rd at bit 0, Rn at bit 5. */
export const rd = (word: number): number => field(word, 0, 5);
export const rn = (word: number): number => field(word, 5, 5);
