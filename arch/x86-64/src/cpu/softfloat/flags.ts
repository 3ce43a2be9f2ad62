/**
 * Exception flags as both the x87 status word (bits 0..5) and MXCSR (bits 0..5)
 * number them, so a caller can OR them straight into either register.
 */
export const FloatFlag = {
  invalid: 1,
  denormal: 2,
  divideByZero: 4,
  overflow: 8,
  underflow: 16,
  precision: 32,
} as const;

/** The x87 RC and MXCSR RC encodings: they agree. */
export const RoundingMode = { nearest: 0, down: 1, up: 2, towardZero: 3 } as const;
export type RoundingMode = (typeof RoundingMode)[keyof typeof RoundingMode];

/** x87 precision control, in significand bits. */
export type PrecisionControl = 24 | 53 | 64;

/**
 * Where an operation reports what happened. Operations only ever OR into
 * `flags`, so a caller can accumulate across several; `c1` is overwritten by
 * every rounding x87 operation (1 when the magnitude was rounded up).
 */
export interface FloatContext {
  rounding: RoundingMode;
  precision: PrecisionControl;
  flags: number;
  c1: 0 | 1;
  /** SSE DAZ: denormal operands read as zero without DE. */
  denormalsAreZero?: boolean;
  /** SSE FTZ: tiny results become zero with UE and PE. */
  flushToZero?: boolean;
}

const X87_PRECISIONS: readonly PrecisionControl[] = [24, 64, 53, 64];

/** A context configured from an x87 control word (exception masks are the caller's business). */
export function x87Context(controlWord: number): FloatContext {
  return {
    rounding: ((controlWord >> 10) & 3) as RoundingMode,
    precision: X87_PRECISIONS[(controlWord >> 8) & 3] ?? 64,
    flags: 0,
    c1: 0,
  };
}

/** A context configured from MXCSR: RC, DAZ (bit 6) and FTZ (bit 15). */
export function sseContext(mxcsr: number): FloatContext {
  return {
    rounding: ((mxcsr >> 13) & 3) as RoundingMode,
    precision: 64,
    flags: 0,
    c1: 0,
    denormalsAreZero: (mxcsr & 0x40) !== 0,
    flushToZero: (mxcsr & 0x8000) !== 0,
  };
}

export function raiseFlags(ctx: FloatContext, flags: number): void {
  ctx.flags |= flags;
}
