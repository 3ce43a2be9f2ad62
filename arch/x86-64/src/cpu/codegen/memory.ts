import { SegmentBase, type X86Insn } from '../../decode/X86Insn.js';
import { type BlockBuilder } from './BlockBuilder.js';
import { type Pair } from './Pair.js';

const TWO32 = '4294967296';

function segmentBase(insn: X86Insn): string {
  return insn.segment === SegmentBase.Fs ? ' + s.fsBase' : insn.segment === SegmentBase.Gs ? ' + s.gsBase' : '';
}

/**
 * The expression of the effective address of `insn`'s memory operand, as a signed JS number.
 *
 * A base plus a 32-bit displacement is exact whenever the result is canonical, so it is summed
 * as numbers. With an index, the low halves are summed first and the carry moved into the high
 * half, so that 64-bit wrap-around (negative indexes, pointer differences) is exact too.
 */
export function effectiveAddressExpr(insn: X86Insn): string {
  const disp = insn.displacement;
  const seg = segmentBase(insn);
  if (insn.ripRelative) return `${disp}${seg}`;
  const base = insn.memBase;
  const index = insn.memIndex;
  if (insn.address32) {
    const parts = [base >= 0 ? `R[${2 * base}]` : '', index >= 0 ? `R[${2 * index}] * ${insn.memScale}` : '', `${disp | 0}`].filter((p) => p !== '');
    return `((${parts.join(' + ')}) >>> 0)${seg}`;
  }
  if (index < 0) {
    if (base < 0) return `${disp}${seg}`;
    return `(R[${2 * base + 1}] * ${TWO32} + (R[${2 * base}] >>> 0) + ${disp})${seg}`;
  }
  const scale = insn.memScale;
  const low = `${base >= 0 ? `(R[${2 * base}] >>> 0) + ` : ''}(R[${2 * index}] >>> 0) * ${scale} + ${disp}`;
  const high = `${base >= 0 ? `R[${2 * base + 1}] + ` : ''}R[${2 * index + 1}] * ${scale}`;
  return `H.ea(${low}, ${high})${seg}`;
}

/** The effective address of the current instruction's memory operand, in a local. */
export function effectiveAddress(b: BlockBuilder): string {
  return b.memoAddress(() => effectiveAddressExpr(b.insn));
}

const READERS: Record<number, string> = { 8: 'r8', 16: 'r16', 32: 'r32' };
const WRITERS: Record<number, string> = { 8: 'w8', 16: 'w16', 32: 'w32' };

/** Reads a narrow value (normalised) from guest memory. */
export function readMemory(b: BlockBuilder, address: string, bits: number): string {
  return b.temp(`M.${READERS[bits]}(${address})`);
}

export function readMemory64(b: BlockBuilder, address: string): Pair {
  const lo = b.temp(`M.r64(${address})`);
  return { lo, hi: b.temp('M.hi') };
}

export function writeMemory(b: BlockBuilder, address: string, bits: number, value: string): void {
  b.line(`M.${WRITERS[bits]}(${address}, ${value});`);
}

export function writeMemory64(b: BlockBuilder, address: string, value: Pair): void {
  b.line(`M.w64(${address}, ${value.lo}, ${value.hi});`);
}
