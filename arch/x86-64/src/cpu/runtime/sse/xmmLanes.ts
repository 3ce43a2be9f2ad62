/** 16 bytes of XMM data seen as int32, float32, float64 and byte lanes: a register file, or the memory-operand scratch. */
export interface XmmLanes {
  readonly x: Int32Array;
  readonly xf: Float32Array;
  readonly xd: Float64Array;
  readonly xb: Uint8Array;
}

/**
 * Integer lanes in 16-byte registers: an XmmLanes, or the x87 register slots (X87State), whose
 * first 8 bytes each are an MMX register.
 */
export type IntegerLanes = Pick<XmmLanes, 'x' | 'xb'>;

function lanesOver(buffer: ArrayBuffer): XmmLanes {
  return { x: new Int32Array(buffer), xf: new Float32Array(buffer), xd: new Float64Array(buffer), xb: new Uint8Array(buffer) };
}

/**
 * Where generated code copies a memory source operand (as `H.mo`), so that helpers and float
 * expressions read it exactly like a register. One instruction uses it at a time.
 */
export const memoryOperand: XmmLanes = lanesOver(new ArrayBuffer(16));

/** Results computed lane by lane before any is written, for instructions that may still fault. */
export const pendingResult: XmmLanes = lanesOver(new ArrayBuffer(16));

/** The unsigned 64-bit integer of an int32 pair, for the softfloat library. */
export function bitsOf(lo: number, hi: number): bigint {
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}
