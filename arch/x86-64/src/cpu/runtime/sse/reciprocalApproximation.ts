import { type X86RegisterFile } from '../../state/X86RegisterFile.js';
import { RECIPROCAL, RECIPROCAL_ROOT_EVEN, RECIPROCAL_ROOT_ODD } from './reciprocalTables.js';
import { type XmmLanes } from './xmmLanes.js';

/*
 * RCPPS/RCPSS and RSQRTPS/RSQRTSS as this host computes them (AMD's approximations differ from
 * Intel's): a table lookup on the 12 fraction bits below the operand's leading bit. Denormal
 * operands count as zeros and denormal results are flushed, whatever MXCSR says; no exception
 * is ever raised. reciprocalTables.gen.c checked this model against the host for every input.
 */

const SIGN = 0x80000000 | 0;
const INFINITY = 0x7f800000;
const QUIET = 0x400000;
const DEFAULT_NAN = 0xffc00000 | 0;

/** Binary32 bits of the RCPPS approximation of 1/x. */
export function reciprocalBits(x: number): number {
  const sign = x & SIGN;
  const exponent = (x >>> 23) & 0xff;
  const fraction = x & 0x7fffff;
  if (exponent === 255) return fraction !== 0 ? x | QUIET : sign;
  if (exponent === 0) return sign | INFINITY;
  const resultExponent = 253 - exponent;
  if (resultExponent <= 0) return sign;
  return sign | (resultExponent << 23) | (RECIPROCAL[fraction >>> 11]! << 11);
}

/** Binary32 bits of the RSQRTPS approximation of 1/√x. */
export function reciprocalRootBits(x: number): number {
  const exponent = (x >>> 23) & 0xff;
  const fraction = x & 0x7fffff;
  if (exponent === 255 && fraction !== 0) return x | QUIET;
  if (exponent === 0) return (x & SIGN) | INFINITY;
  if (x < 0) return DEFAULT_NAN;
  if (exponent === 255) return 0;
  const unbiased = exponent - 127;
  const table = (unbiased & 1) !== 0 ? RECIPROCAL_ROOT_ODD : RECIPROCAL_ROOT_EVEN;
  return ((126 - Math.floor(unbiased / 2)) << 23) | (table[fraction >>> 11]! << 11);
}

/** RCPPS (4 lanes) or RCPSS (1 lane) from `source` lanes at `k` into register `d`. */
export function reciprocal(s: X86RegisterFile, d: number, source: XmmLanes, k: number, lanes: number): void {
  for (let i = 0; i < lanes; i++) s.x[4 * d + i] = reciprocalBits(source.x[k + i]!);
}

export function reciprocalRoot(s: X86RegisterFile, d: number, source: XmmLanes, k: number, lanes: number): void {
  for (let i = 0; i < lanes; i++) s.x[4 * d + i] = reciprocalRootBits(source.x[k + i]!);
}
