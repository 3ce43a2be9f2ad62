/*
 * The x87's last instruction and data pointers hold 57 bits, sign-extended from bit 56, on this
 * host: FXRSTOR64 loads any 64 bits into them and FXSAVE64 gives back that much. The CPU keeps
 * each pointer as a JS number, which generated code writes as is (an instruction or operand
 * address, well within a double's 53 bits); a pointer loaded from an image is also kept exactly,
 * and stands for the number as long as no instruction has replaced it.
 */

/** What FXRSTOR64 keeps of a 64-bit pointer. */
export function loadedPointer(raw: bigint): bigint {
  return BigInt.asUintN(64, BigInt.asIntN(57, raw));
}

/** The number a loaded pointer is kept as. */
export function pointerNumber(loaded: bigint): number {
  return Number(BigInt.asIntN(64, loaded));
}

/** The 64 bits of the pointer kept as `value`: those loaded while `value` still stands for them. */
export function pointerBits(value: number, loaded: bigint): bigint {
  return pointerNumber(loaded) === value ? loaded : BigInt.asUintN(64, BigInt(value));
}
