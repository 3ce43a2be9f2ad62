import { FLAGS_FIXED, FlagBits, STATUS_FLAGS } from '../state/FlagBits.js';
import { FlagKind } from './FlagOp.js';

const SIGN = [0x80, 0x8000, 0x80000000 | 0, 0x80000000 | 0];

function parity(byte: number): number {
  let v = byte & 0xff;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return (v & 1) ^ 1;
}

/** Unsigned a < b on the 64-bit values (ah:a) and (bh:b). */
function below64(a: number, ah: number, b: number, bh: number): boolean {
  return ah === bh ? a >>> 0 < b >>> 0 : ah >>> 0 < bh >>> 0;
}

export function cf(F: Int32Array): number {
  const op = F[0]!;
  const kind = op >> 2;
  const w = op & 3;
  const a = F[1]!;
  const b = F[2]!;
  const r = F[3]!;
  switch (kind) {
    case FlagKind.Explicit:
      return a & FlagBits.CF;
    case FlagKind.Add:
      return (w === 3 ? below64(r, F[6]!, a, F[4]!) : r >>> 0 < a >>> 0) ? 1 : 0;
    case FlagKind.Adc:
      if (F[7]! === 0) return (w === 3 ? below64(r, F[6]!, a, F[4]!) : r >>> 0 < a >>> 0) ? 1 : 0;
      return (w === 3 ? !below64(a, F[4]!, r, F[6]!) : r >>> 0 <= a >>> 0) ? 1 : 0;
    case FlagKind.Sub:
      return (w === 3 ? below64(a, F[4]!, b, F[5]!) : a >>> 0 < b >>> 0) ? 1 : 0;
    case FlagKind.Sbb:
      if (F[7]! === 0) return (w === 3 ? below64(a, F[4]!, b, F[5]!) : a >>> 0 < b >>> 0) ? 1 : 0;
      return (w === 3 ? !below64(b, F[5]!, a, F[4]!) : a >>> 0 <= b >>> 0) ? 1 : 0;
    case FlagKind.Logic:
      return 0;
    case FlagKind.Inc:
    case FlagKind.Dec:
      return F[7]!;
    case FlagKind.Neg:
      return (w === 3 ? (a | F[4]!) !== 0 : a !== 0) ? 1 : 0;
    case FlagKind.Shl:
      return shiftedOutLeft(w, a, F[4]!, b);
    case FlagKind.Shr:
    case FlagKind.Sar:
      return shiftedOutRight(w, a, F[4]!, b, kind === FlagKind.Sar);
    default:
      return 0;
  }
}

/** The last bit shifted out by SHL of the `w`-sized value a (ah) by `count` (1..63). */
function shiftedOutLeft(w: number, a: number, ah: number, count: number): number {
  const bits = 8 << w;
  const pos = bits - count;
  if (pos < 0) return 0;
  return bitAt(a, ah, pos);
}

function shiftedOutRight(w: number, a: number, ah: number, count: number, arithmetic: boolean): number {
  const bits = 8 << w;
  const pos = count - 1;
  if (pos >= bits) return arithmetic ? signOf(w, a, ah) : 0;
  return bitAt(a, ah, pos);
}

function bitAt(lo: number, hi: number, pos: number): number {
  return pos >= 32 ? (hi >>> (pos - 32)) & 1 : (lo >>> pos) & 1;
}

function signOf(w: number, lo: number, hi: number): number {
  return w === 3 ? hi >>> 31 : (lo & SIGN[w]!) !== 0 ? 1 : 0;
}

export function zf(F: Int32Array): number {
  const op = F[0]!;
  if (op >> 2 === FlagKind.Explicit) return (F[1]! & FlagBits.ZF) !== 0 ? 1 : 0;
  return (op & 3) === 3 ? ((F[3]! | F[6]!) === 0 ? 1 : 0) : F[3]! === 0 ? 1 : 0;
}

export function sf(F: Int32Array): number {
  const op = F[0]!;
  if (op >> 2 === FlagKind.Explicit) return (F[1]! & FlagBits.SF) !== 0 ? 1 : 0;
  return signOf(op & 3, F[3]!, F[6]!);
}

export function pf(F: Int32Array): number {
  if (F[0]! >> 2 === FlagKind.Explicit) return (F[1]! & FlagBits.PF) !== 0 ? 1 : 0;
  return parity(F[3]!);
}

export function af(F: Int32Array): number {
  const kind = F[0]! >> 2;
  switch (kind) {
    case FlagKind.Explicit:
      return (F[1]! & FlagBits.AF) !== 0 ? 1 : 0;
    case FlagKind.Add:
    case FlagKind.Adc:
    case FlagKind.Sub:
    case FlagKind.Sbb:
      return ((F[1]! ^ F[2]! ^ F[3]!) >>> 4) & 1;
    case FlagKind.Inc:
    case FlagKind.Dec:
      return ((F[1]! ^ 1 ^ F[3]!) >>> 4) & 1;
    case FlagKind.Neg:
      return ((F[1]! ^ F[3]!) >>> 4) & 1;
    case FlagKind.Shl:
    case FlagKind.Shr:
    case FlagKind.Sar:
      // Undefined by the manuals; the AMD processors we compare against set it.
      return 1;
    default:
      return 0;
  }
}

export function of(F: Int32Array): number {
  const op = F[0]!;
  const kind = op >> 2;
  const w = op & 3;
  const hiA = w === 3 ? F[4]! : F[1]!;
  const hiB = w === 3 ? F[5]! : F[2]!;
  const hiR = w === 3 ? F[6]! : F[3]!;
  const sign = SIGN[w]!;
  switch (kind) {
    case FlagKind.Explicit:
      return (F[1]! & FlagBits.OF) !== 0 ? 1 : 0;
    case FlagKind.Add:
    case FlagKind.Adc:
      return ((hiA ^ hiR) & (hiB ^ hiR) & sign) !== 0 ? 1 : 0;
    case FlagKind.Sub:
    case FlagKind.Sbb:
      return ((hiA ^ hiB) & (hiA ^ hiR) & sign) !== 0 ? 1 : 0;
    case FlagKind.Inc:
      return isSignMin(w, F[3]!, F[6]!) ? 1 : 0;
    case FlagKind.Dec:
    case FlagKind.Neg:
      return isSignMin(w, F[1]!, F[4]!) ? 1 : 0;
    case FlagKind.Shl:
      return signOf(w, F[3]!, F[6]!) ^ cf(F);
    case FlagKind.Shr:
      // Defined for a count of 1 (the original sign); AMD clears it for larger counts.
      return F[2]! === 1 ? signOf(w, F[1]!, F[4]!) : 0;
    default:
      return 0;
  }
}

function isSignMin(w: number, lo: number, hi: number): boolean {
  return w === 3 ? lo === 0 && hi === (0x80000000 | 0) : lo === SIGN[w];
}

/** The six status flags as RFLAGS bits. */
export function statusFlags(F: Int32Array): number {
  if (F[0]! >> 2 === FlagKind.Explicit) return F[1]! & STATUS_FLAGS;
  return (
    cf(F) * FlagBits.CF +
    pf(F) * FlagBits.PF +
    af(F) * FlagBits.AF +
    zf(F) * FlagBits.ZF +
    sf(F) * FlagBits.SF +
    of(F) * FlagBits.OF
  );
}

/** Replaces the lazy record with explicit status flags (POPF, SAHF, signal return...). */
export function setStatusFlags(F: Int32Array, flags: number): void {
  F[0] = FlagKind.Explicit * 4;
  F[1] = flags & STATUS_FLAGS;
}

export { FLAGS_FIXED };
