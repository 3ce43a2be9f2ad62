import { RSP } from '../state/gprNames.js';
import { type BlockBuilder } from './BlockBuilder.js';
import { type Pair } from './Pair.js';

const SP_LO = `R[${2 * RSP}]`;
const SP_HI = `R[${2 * RSP + 1}]`;

/** The stack pointer as a number, in a fresh local. */
export function stackPointer(b: BlockBuilder): string {
  return b.temp(`${SP_HI} * 4294967296 + (${SP_LO} >>> 0)`);
}

/** Sets RSP from a number expression (exact: the stack is in the user half). */
export function setStackPointer(b: BlockBuilder, value: string): void {
  const t = b.temp(value);
  b.line(`${SP_LO} = ${t} | 0; ${SP_HI} = Math.floor(${t} * 2.3283064365386963e-10) | 0;`);
}

/** A statement that faults as a PUSH of `bytes` would, without storing anything. */
export function probePush(bytes: number): string {
  return `M.checkWritable(${SP_HI} * 4294967296 + (${SP_LO} >>> 0) - ${bytes}, ${bytes});`;
}

/** PUSH of a 64-bit value: the store happens before RSP moves, so a fault leaves RSP unchanged. */
export function push64(b: BlockBuilder, value: Pair): void {
  const sp = b.temp(`${SP_HI} * 4294967296 + (${SP_LO} >>> 0) - 8`);
  b.line(`M.w64(${sp}, ${value.lo}, ${value.hi});`);
  setStackPointer(b, sp);
}

/** POP of a 64-bit value; RSP moves after the load. */
export function pop64(b: BlockBuilder): Pair {
  const sp = stackPointer(b);
  const lo = b.temp(`M.r64(${sp})`);
  const value = { lo, hi: b.temp('M.hi') };
  setStackPointer(b, `${sp} + 8`);
  return value;
}

export function push16(b: BlockBuilder, value: string): void {
  const sp = b.temp(`${SP_HI} * 4294967296 + (${SP_LO} >>> 0) - 2`);
  b.line(`M.w16(${sp}, ${value});`);
  setStackPointer(b, sp);
}

export function pop16(b: BlockBuilder): string {
  const sp = stackPointer(b);
  const value = b.temp(`M.r16(${sp})`);
  setStackPointer(b, `${sp} + 2`);
  return value;
}
