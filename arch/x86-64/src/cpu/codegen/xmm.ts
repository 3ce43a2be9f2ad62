import { Register } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { type BlockBuilder } from './BlockBuilder.js';
import { effectiveAddress } from './memory.js';
import { xmmIndex } from './registerSlots.js';

/**
 * How a 16-byte memory operand must be aligned. The aligned moves (MOVAPS, MOVDQA, MOVNTxx) and
 * FXSAVE always fault on a misaligned address; every other legacy SSE instruction with a 16-byte
 * operand faults too, unless MXCSR.MM (AMD's misaligned SSE mode, which this host has) is set.
 * A misaligned operand is a #GP, which Linux reports as SIGSEGV with SI_KERNEL and no address.
 */
export const Alignment = { None: 0, Packed: 1, Strict: 2 } as const;
export type AlignmentValue = (typeof Alignment)[keyof typeof Alignment];

/** MXCSR.MM, AMD's misaligned SSE mode bit. */
const MISALIGNED_MODE = 0x20000;

/**
 * Where XMM-shaped data is in generated code: `holder` is `s` for the register file or `H.mo` for
 * the memory-operand scratch, each with int32 (`x`), float32 (`xf`), float64 (`xd`) and byte (`xb`)
 * views, or `s.x87` for an MMX register (the low half of its x87 register slot: int32 and byte
 * views only); `base` is the index of its first int32 lane.
 */
export interface LaneSource {
  readonly holder: string;
  readonly base: number;
}

/** The XMM register number of operand `k`. */
export function xmmRegister(b: BlockBuilder, k: number): number {
  const op = b.insn.operands[k]!;
  if (op.kind !== OperandKind.Register) throw new Error(`operand ${k} is not a register`);
  return xmmIndex(op.register);
}

/** The lanes of XMM register `n`. */
export function registerLanes(n: number): LaneSource {
  return { holder: 's', base: 4 * n };
}

/** The lanes of MMX register `n`: x87 physical register n, whose slot has the same four-lane shape. */
export function mmxLanes(n: number): LaneSource {
  return { holder: 's.x87', base: 4 * n };
}

export function isXmm(b: BlockBuilder, k: number): boolean {
  const op = b.insn.operands[k]!;
  return op.kind === OperandKind.Register && op.register >= Register.XMM0 && op.register <= Register.XMM15;
}

/** Whether operand `k` exists and is an MMX register. */
export function isMmx(b: BlockBuilder, k: number): boolean {
  const op = b.insn.operands[k];
  return op !== undefined && op.kind === OperandKind.Register && op.register >= Register.MM0 && op.register <= Register.MM7;
}

/** The MMX register number of operand `k`. */
export function mmxRegister(b: BlockBuilder, k: number): number {
  if (!isMmx(b, k)) throw new Error(`operand ${k} is not an MMX register`);
  return b.insn.operands[k]!.register - Register.MM0;
}

/** Whether operand `k` is an XMM or an MMX register. */
export function isVectorRegister(b: BlockBuilder, k: number): boolean {
  return isXmm(b, k) || isMmx(b, k);
}

/** The lanes of register operand `k`, an XMM or an MMX register. */
export function operandLanes(b: BlockBuilder, k: number): LaneSource {
  return isMmx(b, k) ? mmxLanes(mmxRegister(b, k)) : registerLanes(xmmRegister(b, k));
}

/** The int32 lanes an instruction on register operand `k` works on: 2 for an MMX register, 4 for an XMM register. */
export function registerWords(b: BlockBuilder, k: number): number {
  return isMmx(b, k) ? 2 : 4;
}

/** The int32 lanes of source operand 1: as many as a memory operand has, or a register's as operand 0 works on them. */
export function sourceWords(b: BlockBuilder): number {
  return isMemory(b, 1) ? b.insn.memSize / 4 : registerWords(b, 0);
}

export function isMemory(b: BlockBuilder, k: number): boolean {
  return b.insn.operands[k]!.kind === OperandKind.Memory;
}

/** The effective address of the memory operand, with the #GP check a 16-byte (or larger) access of this kind makes. */
export function checkedAddress(b: BlockBuilder, alignment: AlignmentValue): string {
  const a = effectiveAddress(b);
  if (alignment === Alignment.None || b.insn.memSize < 16) return a;
  const misaligned = alignment === Alignment.Strict ? `(${a} & 15) !== 0` : `(${a} & 15) !== 0 && (s.mxcsr & ${MISALIGNED_MODE}) === 0`;
  b.line(`if (${misaligned}) throw H.misaligned();`);
  return a;
}

/** Reads `count` int32 lanes (1, 2 or 4) of guest memory at `address` into locals. */
export function readMemoryLanes(b: BlockBuilder, address: string, count: number): string[] {
  if (count === 1) return [b.temp(`M.r32(${address})`)];
  const lanes: string[] = [];
  for (let i = 0; i < count; i += 2) {
    lanes.push(b.temp(`M.r64(${i === 0 ? address : `${address} + ${4 * i}`})`), b.temp('M.hi'));
  }
  return lanes;
}

/**
 * Writes int32 lanes (1, 2 or 4) to guest memory. A 16-byte store that crosses a page probes both
 * pages first, so that a fault leaves memory untouched.
 */
export function writeMemoryLanes(b: BlockBuilder, address: string, lanes: readonly string[], alignment: AlignmentValue): void {
  if (lanes.length === 1) {
    b.line(`M.w32(${address}, ${lanes[0]});`);
    return;
  }
  if (lanes.length === 4 && alignment !== Alignment.Strict) b.line(`if ((${address} & 4095) > 4080) H.probeWrite(M, ${address}, 16);`);
  for (let i = 0; i < lanes.length; i += 2) {
    b.line(`M.w64(${i === 0 ? address : `${address} + ${4 * i}`}, ${lanes[i]}, ${lanes[i + 1]});`);
  }
}

/** The first `count` int32 lanes of operand `k` (an XMM or MMX register, or memory) as locals. */
export function readLanes(b: BlockBuilder, k: number, count: number, alignment: AlignmentValue): string[] {
  if (isMemory(b, k)) return readMemoryLanes(b, checkedAddress(b, alignment), count);
  const { holder, base } = operandLanes(b, k);
  return Array.from({ length: count }, (_, i) => b.temp(`${holder}.x[${base + i}]`));
}

/** Writes int32 lanes to operand `k` from lane `first` on: other lanes of a register are kept. */
export function writeLanes(b: BlockBuilder, k: number, lanes: readonly string[], alignment: AlignmentValue, first = 0): void {
  if (isMemory(b, k)) {
    writeMemoryLanes(b, checkedAddress(b, alignment), lanes, alignment);
    return;
  }
  const { holder, base } = operandLanes(b, k);
  b.line(lanes.map((v, i) => `${holder}.x[${base + first + i}] = ${v};`).join(' '));
}

/**
 * Operand `k` as lanes helpers and float expressions can read: a register in place, or memory
 * copied into the memory-operand scratch (`bytes` of it: 4, 8 or 16).
 */
export function laneSource(b: BlockBuilder, k: number, bytes: number, alignment: AlignmentValue): LaneSource {
  if (!isMemory(b, k)) return operandLanes(b, k);
  const lanes = readMemoryLanes(b, checkedAddress(b, alignment), bytes / 4);
  b.line(lanes.map((v, i) => `H.mo.x[${i}] = ${v};`).join(' '));
  return { holder: 'H.mo', base: 0 };
}

/** A result lane's origin: the destination's old lane `i` ('d') or operand 1's lane `i` ('s'). */
export type LanePick = readonly ['d' | 's', number];

/**
 * Rewrites register operand 0 from its old lanes and operand 1's first `sourceLanes` int32 lanes
 * (a register, or memory): result lane i is `picks[i]`; lanes past the picks are kept.
 */
export function permuteLanes(b: BlockBuilder, picks: readonly LanePick[], sourceLanes: number, alignment: AlignmentValue): void {
  const source = readLanes(b, 1, sourceLanes, alignment);
  const { holder, base } = operandLanes(b, 0);
  const old = new Map<number, string>();
  const lanes = picks.map(([from, i]) => {
    if (from === 's') return source[i]!;
    if (!old.has(i)) old.set(i, b.temp(`${holder}.x[${base + i}]`));
    return old.get(i)!;
  });
  writeLanes(b, 0, lanes, Alignment.None);
}

/**
 * Code for register operand 0 combined lane by lane (int32) with operand 1, a register or memory
 * (16 bytes for an XMM register, 8 for an MMX register).
 */
export function lanewise(combine: (d: string, s: string) => string): (b: BlockBuilder) => void {
  return (b) => {
    const source = readLanes(b, 1, registerWords(b, 0), Alignment.Packed);
    const { holder, base } = operandLanes(b, 0);
    const lanes = source.map((v, i) => b.temp(combine(`${holder}.x[${base + i}]`, v)));
    writeLanes(b, 0, lanes, Alignment.None);
  };
}

/** The bitwise combinations of PAND/ANDPS/ANDPD, PANDN/ANDNPS/ANDNPD (the destination inverted), POR/ORPx and PXOR/XORPx. */
export const AND = lanewise((d, x) => `${d} & ${x}`);
export const AND_NOT = lanewise((d, x) => `~${d} & ${x}`);
export const OR = lanewise((d, x) => `${d} | ${x}`);
export const XOR = lanewise((d, x) => `${d} ^ ${x}`);

/**
 * The picks of an interleaving of `words` int32 lanes: the elements of `unit` lanes of the low (or
 * high) halves of the destination and the source, destination first.
 */
function interleavePicks(words: number, unit: number, high: boolean): LanePick[] {
  const from = high ? words / 2 : 0;
  const picks: LanePick[] = [];
  for (let e = from; e < from + words / 2; e += unit) {
    for (const side of ['d', 's'] as const) for (let j = 0; j < unit; j++) picks.push([side, e + j]);
  }
  return picks;
}

/** The interleavings UNPCKLPD/PUNPCKLQDQ and MOVLHPS (quadwords), on XMM registers. */
export const INTERLEAVE_LOW_QUADWORDS: readonly LanePick[] = interleavePicks(4, 2, false);

/**
 * An interleaving of dwords (`unit` 1: UNPCKLPS/PUNPCKLDQ, UNPCKHPS/PUNPCKHDQ) or quadwords (2:
 * UNPCKLPD/PUNPCKLQDQ...), of XMM registers or (PUNPCKxDQ) MMX registers, whose memory source
 * operand is read as far as the form says (16 bytes; 4 or 8 for MMX).
 */
export function interleaveLanes(unit: number, high: boolean): (b: BlockBuilder) => void {
  return (b) => permuteLanes(b, interleavePicks(registerWords(b, 0), unit, high), sourceWords(b), Alignment.Packed);
}
