import { SiCode, Signal } from '@ubp/core';
import { type X86RegisterFile } from '../state/X86RegisterFile.js';
import { trap } from './traps.js';

const TWO32 = 4294967296;
/** A high word below this, times 2^32, plus a 32-bit word stays below 2^53: exact in a double. */
const EXACT_HIGH_WORD = 2 ** 21;

/** The four 32-bit words of the last `multiply128`, least significant first, so that it allocates nothing. */
const product = new Int32Array(4);

/** High word of the 64-bit product of two uint32 values whose low word is `low`: the double product is within 2^12 of the exact one. */
function highWord(x: number, y: number, low: number): number {
  return Math.round((x * y - (low >>> 0)) / TWO32);
}

/**
 * The exact 128-bit product of two 64-bit values given as int32 halves, into `product`: four
 * 32x32 partial products, each exact through `highWord`, summed by columns. A signed product is
 * the unsigned one with each negative factor's other factor subtracted from the high half.
 */
function multiply128(alo: number, ahi: number, blo: number, bhi: number, signed: boolean): void {
  const a0 = alo >>> 0;
  const a1 = ahi >>> 0;
  const b0 = blo >>> 0;
  const b1 = bhi >>> 0;
  const low = Math.imul(a0, b0);
  const cross1 = Math.imul(a0, b1);
  const cross2 = Math.imul(a1, b0);
  const top = Math.imul(a1, b1);
  const column1 = highWord(a0, b0, low) + (cross1 >>> 0) + (cross2 >>> 0);
  const column2 = highWord(a0, b1, cross1) + highWord(a1, b0, cross2) + (top >>> 0) + Math.floor(column1 / TWO32);
  let w2 = column2 >>> 0;
  let w3 = (highWord(a1, b1, top) + Math.floor(column2 / TWO32)) >>> 0;
  if (signed && ahi < 0) {
    const t = w2 - b0;
    w2 = t >>> 0;
    w3 = (w3 - b1 - (t < 0 ? 1 : 0)) >>> 0;
  }
  if (signed && bhi < 0) {
    const t = w2 - a0;
    w2 = t >>> 0;
    w3 = (w3 - a1 - (t < 0 ? 1 : 0)) >>> 0;
  }
  product[0] = low;
  product[1] = column1;
  product[2] = w2;
  product[3] = w3;
}

/** Unsigned dividend words (most significant first), quotient words, remainder words: scratch for `divide`. */
const n = new Float64Array(4);
const q = new Float64Array(4);
const rem = new Float64Array(2);

/**
 * n / (d1:d0) on unsigned words into q and rem. Dividends below 2^53 (the common case) divide as
 * doubles, small divisors word by word (both exact); anything else, rare, goes through BigInt.
 */
function divideUnsigned(d1: number, d0: number): void {
  if (n[0] === 0 && n[1] === 0 && n[2]! < EXACT_HIGH_WORD) {
    const dividend = n[2]! * TWO32 + n[3]!;
    const divisor = d1 * TWO32 + d0;
    const quotient = Math.floor(dividend / divisor);
    const r = dividend - quotient * divisor;
    q.fill(0);
    q[2] = Math.floor(quotient / TWO32);
    q[3] = quotient % TWO32;
    rem[0] = Math.floor(r / TWO32);
    rem[1] = r % TWO32;
    return;
  }
  if (d1 === 0 && d0 < EXACT_HIGH_WORD) {
    let r = 0;
    for (let i = 0; i < 4; i++) {
      const t = r * TWO32 + n[i]!;
      q[i] = Math.floor(t / d0);
      r = t - q[i]! * d0;
    }
    rem[0] = 0;
    rem[1] = r;
    return;
  }
  divideBig(d1, d0);
}

function divideBig(d1: number, d0: number): void {
  let dividend = 0n;
  for (let i = 0; i < 4; i++) dividend = (dividend << 32n) | BigInt(n[i]!);
  const divisor = (BigInt(d1) << 32n) | BigInt(d0);
  let quotient = dividend / divisor;
  const r = dividend % divisor;
  for (let i = 3; i >= 0; i--) {
    q[i] = Number(quotient & 0xffffffffn);
    quotient >>= 32n;
  }
  rem[0] = Number(r >> 32n);
  rem[1] = Number(r & 0xffffffffn);
}

/** Negates the unsigned words w[from..] (most significant first) in place, modulo 2^(32·words). */
function negateWords(w: Float64Array, from = 0): void {
  let borrow = 0;
  for (let i = w.length - 1; i >= from; i--) {
    const t = -w[i]! - borrow;
    w[i] = t < 0 ? t + TWO32 : t;
    borrow = t < 0 ? 1 : 0;
  }
}

/** Whether the quotient magnitude in q fits the destination: below 2^bits, or the signed range. */
function quotientFits(bits: number, signed: boolean, negative: boolean): boolean {
  if (q[0] !== 0 || q[1] !== 0) return false;
  if (bits === 64) return !signed || q[2]! < 2 ** 31 || (negative && q[2] === 2 ** 31 && q[3] === 0);
  return q[2] === 0 && q[3]! < (signed ? 2 ** (bits - 1) + (negative ? 1 : 0) : 2 ** bits);
}

/** Loads the dividend HIGH:LOW of `bits`-wide halves (AX for 8 bits) into n as a magnitude; returns its sign. */
function loadDividend(r: Int32Array, bits: number, signed: boolean): boolean {
  n.fill(0);
  if (bits === 64) {
    n[0] = r[5]! >>> 0;
    n[1] = r[4]! >>> 0;
  }
  if (bits >= 32) {
    n[2] = (bits === 64 ? r[1]! : r[4]!) >>> 0;
    n[3] = r[0]! >>> 0;
  } else {
    n[3] = bits === 16 ? (r[4]! & 0xffff) * 65536 + (r[0]! & 0xffff) : r[0]! & 0xffff;
  }
  const topWord = bits === 64 ? n[0]! : bits === 32 ? n[2]! : n[3]!;
  const negative = signed && topWord >= 2 ** (bits < 32 ? 2 * bits - 1 : 31);
  if (negative) negateWords(n, bits === 64 ? 0 : bits === 32 ? 2 : 3);
  if (negative && bits < 32) n[3] = n[3]! % 2 ** (2 * bits);
  return negative;
}

/**
 * DIV/IDIV of HIGH:LOW (AX, DX:AX, EDX:EAX, RDX:RAX) by the divisor (dhi:dlo, or dlo as a
 * normalised narrow value): quotient to LOW, remainder to HIGH. A zero divisor or a quotient
 * that does not fit raises #DE, which Linux delivers as SIGFPE with FPE_INTDIV, before any
 * register changes.
 */
function divide(s: X86RegisterFile, bits: number, signed: boolean, dlo: number, dhi: number, address: number): void {
  const r = s.r;
  const dividendNegative = loadDividend(r, bits, signed);
  let d1 = bits === 64 ? dhi >>> 0 : 0;
  let d0 = dlo >>> 0;
  const divisorNegative = signed && (bits === 64 ? dhi < 0 : d0 >= 2 ** (bits - 1));
  if (divisorNegative) {
    if (bits < 64) {
      d0 = 2 ** bits - d0;
    } else {
      d1 = d0 === 0 ? TWO32 - d1 : TWO32 - 1 - d1;
      d0 = d0 === 0 ? 0 : TWO32 - d0;
    }
  }
  if (d1 === 0 && d0 === 0) throw trap(Signal.SIGFPE, SiCode.FPE_INTDIV, address, 'divide by zero');
  divideUnsigned(d1, d0);
  const quotientNegative = dividendNegative !== divisorNegative;
  if (!quotientFits(bits, signed, quotientNegative)) throw trap(Signal.SIGFPE, SiCode.FPE_INTDIV, address, 'quotient overflow');
  if (quotientNegative) negateWords(q);
  if (dividendNegative) negateWords(rem);
  storeResult(r, bits);
}

function storeResult(r: Int32Array, bits: number): void {
  switch (bits) {
    case 8:
      r[0] = (r[0]! & ~0xffff) | ((rem[1]! & 0xff) << 8) | (q[3]! & 0xff);
      return;
    case 16:
      r[0] = (r[0]! & ~0xffff) | (q[3]! & 0xffff);
      r[4] = (r[4]! & ~0xffff) | (rem[1]! & 0xffff);
      return;
    case 32:
      r[0] = q[3]!;
      r[1] = 0;
      r[4] = rem[1]!;
      r[5] = 0;
      return;
    default:
      r[0] = q[3]!;
      r[1] = q[2]!;
      r[4] = rem[1]!;
      r[5] = rem[0]!;
  }
}

/** Helpers the muldiv instruction group's generated code calls as `H.name`. */
export const muldivRuntime = { product, multiply128, divide };
