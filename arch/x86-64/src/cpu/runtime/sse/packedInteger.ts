import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { commitPending } from './floatLanes.js';
import { type IntegerLanes, pendingResult } from './xmmLanes.js';

/*
 * The SSE2 integer instructions on byte and word lanes, and the wider ones too irregular to
 * inline, for XMM and MMX registers alike. Each helper combines register `d` of `dest` with
 * `source` (register file, x87 register slots or memory scratch) whose first int32 lane is `k`,
 * writing the first `bytes` bytes of register `d`: 16 for an XMM register, 8 for an MMX register
 * (the low half of its x87 register slot). Words are taken from int32 lanes with shifts (the
 * register file has no 16-bit view); bytes through `xb`. Results that read several source lanes
 * per destination lane are built in `pendingResult` first, since `source` may be `d` itself.
 */

export type LaneHelper = (dest: IntegerLanes, d: number, source: IntegerLanes, k: number, bytes: number) => void;

function signedByte(v: number): number {
  return (v << 24) >> 24;
}

function saturate(v: number, low: number, high: number): number {
  return v < low ? low : v > high ? high : v;
}

/** A byte-lane operation on two unsigned bytes; the result is truncated to 8 bits. */
function byteLanes(op: (a: number, b: number) => number): LaneHelper {
  return (dest, d, source, k, bytes) => {
    const out = dest.xb;
    const b = source.xb;
    for (let i = 0; i < bytes; i++) out[16 * d + i] = op(out[16 * d + i]!, b[4 * k + i]!);
  };
}

/** A word-lane operation on two unsigned 16-bit values; the result is truncated to 16 bits. */
function wordLanes(op: (a: number, b: number) => number): LaneHelper {
  return (dest, d, source, k, bytes) => {
    const x = dest.x;
    const y = source.x;
    for (let i = 0; i < bytes >> 2; i++) {
      const a = x[4 * d + i]!;
      const b = y[k + i]!;
      const low = op(a & 0xffff, b & 0xffff);
      const high = op(a >>> 16, b >>> 16);
      x[4 * d + i] = (high << 16) | (low & 0xffff);
    }
  };
}

function signedWord(v: number): number {
  return (v << 16) >> 16;
}

const mask = (holds: boolean): number => (holds ? -1 : 0);

export const byteOps: Record<string, LaneHelper> = {
  paddb: byteLanes((a, b) => a + b),
  psubb: byteLanes((a, b) => a - b),
  paddsb: byteLanes((a, b) => saturate(signedByte(a) + signedByte(b), -128, 127)),
  psubsb: byteLanes((a, b) => saturate(signedByte(a) - signedByte(b), -128, 127)),
  paddusb: byteLanes((a, b) => saturate(a + b, 0, 255)),
  psubusb: byteLanes((a, b) => saturate(a - b, 0, 255)),
  pavgb: byteLanes((a, b) => (a + b + 1) >> 1),
  pminub: byteLanes((a, b) => (a < b ? a : b)),
  pmaxub: byteLanes((a, b) => (a > b ? a : b)),
  pcmpgtb: byteLanes((a, b) => mask(signedByte(a) > signedByte(b))),
};

export const wordOps: Record<string, LaneHelper> = {
  paddw: wordLanes((a, b) => a + b),
  psubw: wordLanes((a, b) => a - b),
  paddsw: wordLanes((a, b) => saturate(signedWord(a) + signedWord(b), -32768, 32767)),
  psubsw: wordLanes((a, b) => saturate(signedWord(a) - signedWord(b), -32768, 32767)),
  paddusw: wordLanes((a, b) => saturate(a + b, 0, 65535)),
  psubusw: wordLanes((a, b) => saturate(a - b, 0, 65535)),
  pavgw: wordLanes((a, b) => (a + b + 1) >> 1),
  pminsw: wordLanes((a, b) => (signedWord(a) < signedWord(b) ? a : b)),
  pmaxsw: wordLanes((a, b) => (signedWord(a) > signedWord(b) ? a : b)),
  pcmpeqw: wordLanes((a, b) => mask(a === b)),
  pcmpgtw: wordLanes((a, b) => mask(signedWord(a) > signedWord(b))),
  pmullw: wordLanes((a, b) => Math.imul(a, b)),
  pmulhw: wordLanes((a, b) => (signedWord(a) * signedWord(b)) >> 16),
  pmulhuw: wordLanes((a, b) => (a * b) >>> 16),
};

/** PMADDWD: each dword is the sum of the two signed word products (only -32768² × 2 wraps). */
export const pmaddwd: LaneHelper = (dest, d, source, k, bytes) => {
  const x = dest.x;
  const y = source.x;
  for (let i = 0; i < bytes >> 2; i++) {
    const a = x[4 * d + i]!;
    const b = y[k + i]!;
    x[4 * d + i] = (signedWord(a) * signedWord(b) + (a >> 16) * (b >> 16)) | 0;
  }
};

/** PMULUDQ: the unsigned 64-bit products of dwords 0 (and 2), exact through 16-bit partial products. */
export const pmuludq: LaneHelper = (dest, d, source, k, bytes) => {
  const x = dest.x;
  const y = source.x;
  for (let i = 0; i < bytes >> 2; i += 2) {
    const a = x[4 * d + i]! >>> 0;
    const b = y[k + i]! >>> 0;
    const low = (a & 0xffff) * (b & 0xffff);
    const middle = (a >>> 16) * (b & 0xffff) + (a & 0xffff) * (b >>> 16);
    const lowSum = low + (middle % 65536) * 65536;
    x[4 * d + i] = lowSum | 0;
    x[4 * d + i + 1] = ((a >>> 16) * (b >>> 16) + Math.floor(middle / 65536) + Math.floor(lowSum / 4294967296)) | 0;
  }
};

/** PSADBW: per quadword, the sum of the absolute byte differences, zero-extended. */
export const psadbw: LaneHelper = (dest, d, source, k, bytes) => {
  const a = dest.xb;
  const b = source.xb;
  for (let q = 0; q < bytes >> 3; q++) {
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Math.abs(a[16 * d + 8 * q + i]! - b[4 * k + 8 * q + i]!);
    dest.x[4 * d + 2 * q] = sum;
    dest.x[4 * d + 2 * q + 1] = 0;
  }
};

/**
 * PUNPCKLBW/PUNPCKLWD (and the H forms): the `unit`-byte elements of the low (or high) halves of
 * the destination and source, interleaved, destination first.
 */
export function interleave(dest: IntegerLanes, d: number, source: IntegerLanes, k: number, bytes: number, unit: number, high: boolean): void {
  const out = pendingResult.xb;
  const half = bytes / 2;
  const from = high ? half : 0;
  for (let e = 0; e < half / unit; e++) {
    for (let j = 0; j < unit; j++) {
      out[2 * e * unit + j] = dest.xb[16 * d + from + e * unit + j]!;
      out[(2 * e + 1) * unit + j] = source.xb[4 * k + from + e * unit + j]!;
    }
  }
  commitPending(dest, d, bytes / 4, false);
}

/**
 * PACKSSWB, PACKUSWB (words to bytes) and PACKSSDW (dwords to words): the destination's elements
 * then the source's, each saturated to [low, high], built byte by byte in `pendingResult`.
 */
function pack(dest: IntegerLanes, d: number, source: IntegerLanes, k: number, bytes: number, fromWords: boolean, low: number, high: number): void {
  const out = pendingResult.xb;
  const size = fromWords ? 1 : 2;
  const perHalf = bytes / 2 / size;
  for (let half = 0; half < 2; half++) {
    const lanes = half === 0 ? dest.x : source.x;
    const base = half === 0 ? 4 * d : k;
    for (let e = 0; e < perHalf; e++) {
      const lane = lanes[base + (fromWords ? e >> 1 : e)]!;
      const value = !fromWords ? lane : (e & 1) === 0 ? signedWord(lane) : lane >> 16;
      const narrowed = saturate(value, low, high);
      const at = (half * perHalf + e) * size;
      out[at] = narrowed;
      if (!fromWords) out[at + 1] = narrowed >> 8;
    }
  }
  commitPending(dest, d, bytes / 4, false);
}

export const packOps: Record<string, LaneHelper> = {
  packsswb: (dest, d, source, k, bytes) => pack(dest, d, source, k, bytes, true, -128, 127),
  packuswb: (dest, d, source, k, bytes) => pack(dest, d, source, k, bytes, true, 0, 255),
  packssdw: (dest, d, source, k, bytes) => pack(dest, d, source, k, bytes, false, -32768, 32767),
};

export type ShiftKind = 'left' | 'right' | 'arithmetic';

/** One element of `bits` width (16 or 32) shifted by `count` (any non-negative number; wide counts clear or fill). */
function shiftElement(v: number, bits: number, count: number, kind: ShiftKind): number {
  if (kind === 'arithmetic') return v >> Math.min(count, bits - 1);
  if (count >= bits) return 0;
  return kind === 'left' ? v << count : v >>> count;
}

/**
 * PSLL/PSRL/PSRA on words (16), dwords (32) and quadwords (64, logical only): `count` is the
 * immediate or the low quadword of the source, clamped to 255 by the caller (anything above the
 * element width clears it, or fills it with the sign).
 */
export function shiftLanes(dest: IntegerLanes, d: number, bytes: number, count: number, bits: number, kind: ShiftKind): void {
  const x = dest.x;
  for (let i = 0; i < bytes >> 2; i++) {
    const at = 4 * d + i;
    const v = x[at]!;
    if (bits === 64) {
      if ((i & 1) === 0) shiftQuadword(x, at, count, kind === 'left');
    } else if (bits === 32) {
      x[at] = shiftElement(v, 32, count, kind);
    } else {
      const signedHalves = kind === 'arithmetic';
      const high = shiftElement(signedHalves ? v >> 16 : v >>> 16, 16, count, kind);
      const low = shiftElement(signedHalves ? signedWord(v) : v & 0xffff, 16, count, kind);
      x[at] = (high << 16) | (low & 0xffff);
    }
  }
}

function shiftQuadword(x: Int32Array, at: number, count: number, left: boolean): void {
  const low = x[at]!;
  const high = x[at + 1]!;
  if (count >= 64) {
    x[at] = 0;
    x[at + 1] = 0;
  } else if (count >= 32) {
    x[at] = left ? 0 : high >>> (count - 32);
    x[at + 1] = left ? low << (count - 32) : 0;
  } else if (count > 0) {
    x[at] = left ? low << count : (low >>> count) | (high << (32 - count));
    x[at + 1] = left ? (high << count) | (low >>> (32 - count)) : high >>> count;
  }
}

/** PSLLDQ/PSRLDQ (XMM registers only): the whole register shifted by `count` bytes (16 or more clears it). */
export function shiftBytes(s: X86RegisterFile, d: number, count: number, left: boolean): void {
  const out = pendingResult.xb;
  for (let i = 0; i < 16; i++) {
    const from = left ? i - count : i + count;
    out[i] = from >= 0 && from < 16 ? s.xb[16 * d + from]! : 0;
  }
  s.xb.set(out, 16 * d);
}
