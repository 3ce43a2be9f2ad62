import { Mnemonic } from '../../decode/iced.js';
import { SegmentBase } from '../../decode/X86Insn.js';
import { GPR64 } from '../state/gprNames.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { effectiveAddress } from '../codegen/memory.js';
import { operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import {
  Alignment,
  type AlignmentValue,
  checkedAddress,
  INTERLEAVE_LOW_QUADWORDS,
  interleaveLanes,
  isMemory,
  isVectorRegister,
  type LanePick,
  AND,
  AND_NOT,
  OR,
  XOR,
  operandLanes,
  permuteLanes,
  readLanes,
  registerWords,
  writeLanes,
} from '../codegen/xmm.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { sseCodes } from './sseForms.js';

function zeros(count: number): string[] {
  return new Array<string>(count).fill('0');
}

/** The int32 lanes `first`..`first + count - 1` of register operand `k` (XMM or MMX), as locals. */
function laneLocals(b: BlockBuilder, k: number, first: number, count: number): string[] {
  const { holder, base } = operandLanes(b, k);
  return Array.from({ length: count }, (_, i) => b.temp(`${holder}.x[${base + first + i}]`));
}

/** MOVAPS MOVUPS MOVAPD MOVUPD MOVDQA MOVDQU, and the non-temporal stores MOVNTPS MOVNTPD MOVNTDQ. */
function move128(alignment: AlignmentValue): Emitter {
  return (b) => writeLanes(b, 0, readLanes(b, 1, 4, alignment), alignment);
}

/** MOVSS/MOVSD: a load from memory zero-extends to 128 bits; register moves and stores take the low lanes only. */
function moveScalar(lanes: number): Emitter {
  return (b) => {
    const value = readLanes(b, 1, lanes, Alignment.None);
    writeLanes(b, 0, isMemory(b, 1) ? [...value, ...zeros(4 - lanes)] : value, Alignment.None);
  };
}

/** The 32 or 64 bits MOVD/MOVQ load into a register (from another one: its low quadword), as int32 lanes. */
function lowBits(b: BlockBuilder): string[] {
  if (isVectorRegister(b, 1)) return readLanes(b, 1, 2, Alignment.None);
  if (operandBits(b, 1) === 32) return [readOperand(b, 1, 32)];
  const pair = readOperand64(b, 1);
  return [pair.lo, pair.hi];
}

/**
 * MOVD and MOVQ in every form, on XMM and MMX registers (and MOVQ2DQ, MOVDQ2Q, MOVNTQ): into a
 * register the value is zero-extended to its width (128 or 64 bits); out of one, the low 32 or
 * 64 bits go to a GPR or memory.
 */
export const moveLow: Emitter = (b) => {
  if (isVectorRegister(b, 0)) {
    const value = lowBits(b);
    writeLanes(b, 0, [...value, ...zeros(registerWords(b, 0) - value.length)], Alignment.None);
  } else if (operandBits(b, 0) === 64) {
    const [lo, hi] = laneLocals(b, 1, 0, 2);
    writeOperand64(b, 0, { lo: lo!, hi: hi! });
  } else {
    writeOperand(b, 0, 32, laneLocals(b, 1, 0, 1)[0]!);
  }
};

/** MOVLPS/MOVLPD (`first` 0) and MOVHPS/MOVHPD (`first` 2): one quadword between memory and half a register. */
function moveHalf(first: number): Emitter {
  return (b) => {
    if (isMemory(b, 0)) writeLanes(b, 0, laneLocals(b, 1, first, 2), Alignment.None);
    else writeLanes(b, 0, readLanes(b, 1, 2, Alignment.None), Alignment.None, first);
  };
}

/** MOVHLPS/MOVLHPS: register to register, the destination's other half kept. */
function moveHalves(picks: readonly LanePick[], sourceLanes: number): Emitter {
  return (b) => permuteLanes(b, picks, sourceLanes, Alignment.None);
}

/** SHUFPS: two destination lanes then two source lanes, each chosen by two bits of imm8. */
const shufps: Emitter = (b) => {
  const imm = b.insn.imm;
  permuteLanes(b, [['d', imm & 3], ['d', (imm >> 2) & 3], ['s', (imm >> 4) & 3], ['s', (imm >> 6) & 3]], 4, Alignment.Packed);
};

/** SHUFPD: a destination quadword, then a source quadword, chosen by imm8 bits 0 and 1. */
const shufpd: Emitter = (b) => {
  const low = 2 * (b.insn.imm & 1);
  const high = 2 * ((b.insn.imm >> 1) & 1);
  permuteLanes(b, [['d', low], ['d', low + 1], ['s', high], ['s', high + 1]], 4, Alignment.Packed);
};

/** PSHUFD: each destination lane is the source lane chosen by two bits of imm8. */
const pshufd: Emitter = (b) => {
  const imm = b.insn.imm;
  permuteLanes(b, [0, 1, 2, 3].map((i): LanePick => ['s', (imm >> (2 * i)) & 3]), 4, Alignment.Packed);
};

/**
 * PSHUFLW (`half` 0) and PSHUFHW (`half` 1): the words of one quadword shuffled by imm8, the other
 * quadword copied; and PSHUFW, PSHUFLW's shuffle of an MMX register's one quadword.
 */
export function shuffleWords(half: number): Emitter {
  return (b) => {
    const source = readLanes(b, 1, registerWords(b, 0), Alignment.Packed);
    const imm = b.insn.imm;
    const word = (j: number) => {
      const lane = source[2 * half + (j >> 1)]!;
      return (j & 1) === 0 ? `(${lane} & 0xffff)` : `(${lane} >>> 16)`;
    };
    const shuffled = [0, 1].map((p) => b.temp(`${word((imm >> (4 * p)) & 3)} | (${word((imm >> (4 * p + 2)) & 3)} << 16)`));
    const lanes = half === 0 ? [...shuffled, ...source.slice(2)] : [source[0]!, source[1]!, ...shuffled];
    writeLanes(b, 0, lanes, Alignment.None);
  };
}

/** MOVMSKPS/MOVMSKPD: the sign bits of the lanes (of the given int32 lanes) into a GPR, zero-extended. */
function signMask(lanes: readonly number[]): Emitter {
  return (b) => {
    const x = laneLocals(b, 1, 0, 4);
    const mask = b.temp(lanes.map((lane, i) => `((${x[lane]} >>> 31) << ${i})`).join(' | '));
    writeMask(b, mask);
  };
}

function writeMask(b: BlockBuilder, mask: string): void {
  if (operandBits(b, 0) === 64) writeOperand64(b, 0, { lo: mask, hi: '0' });
  else writeOperand(b, 0, 32, mask);
}

/**
 * PMOVMSKB: the top bits of the 16 bytes (8 of an MMX register). Per int32 lane, the top bits are
 * moved to bits 0, 8, 16 and 24 and one multiplication gathers them into bits 24-27 (no partial
 * products collide).
 */
export const pmovmskb: Emitter = (b) => {
  const x = laneLocals(b, 1, 0, registerWords(b, 1));
  const nibbles = x.map((v, i) => `(((Math.imul((${v} & 0x80808080) >>> 7, 0x01020408) >>> 24) & 15) << ${4 * i})`);
  writeMask(b, b.temp(nibbles.join(' | ')));
};

const movnti: Emitter = (b) => {
  if (operandBits(b, 0) === 64) writeOperand64(b, 0, readOperand64(b, 1));
  else writeOperand(b, 0, 32, readOperand(b, 1, 32));
};

const ldmxcsr: Emitter = (b) => b.line(`H.loadMxcsr(s, M.r32(${effectiveAddress(b)}));`);

const stmxcsr: Emitter = (b) => b.line(`M.w32(${effectiveAddress(b)}, s.mxcsr);`);

/** FXSAVE/FXRSTOR (`withSelectors`: the x87 pointers as 32-bit offsets and selectors) and FXSAVE64/FXRSTOR64. */
function fxsave(withSelectors: boolean): Emitter {
  return (b) => b.line(`H.fxsave(s, M, ${checkedAddress(b, Alignment.Strict)}, ${withSelectors});`);
}

function fxrstor(withSelectors: boolean): Emitter {
  return (b) => b.line(`H.fxrstor(s, M, ${checkedAddress(b, Alignment.Strict)}, ${withSelectors});`);
}

const ADDRESS_SIZE_PREFIX = 0x67;
const RDI = GPR64.indexOf('rdi');

/** MASKMOVDQU (and MASKMOVQ): the bytes of operand 1 whose byte in operand 2 has its top bit set, stored at [rDI]. */
export const maskedMove: Emitter = (b) => {
  const insn = b.insn;
  const prefixes = insn.bytes.subarray(0, insn.bytes.indexOf(0x0f));
  const low = `(R[${2 * RDI}] >>> 0)`;
  const address = prefixes.includes(ADDRESS_SIZE_PREFIX) ? low : `(R[${2 * RDI + 1}] * 4294967296 + ${low})`;
  const segment = insn.segment === SegmentBase.Fs ? ' + s.fsBase' : insn.segment === SegmentBase.Gs ? ' + s.gsBase' : '';
  const data = operandLanes(b, 1);
  b.line(`H.maskedStore(M, ${address}${segment}, ${data.holder}, ${data.base / 4}, ${operandLanes(b, 2).base / 4}, ${4 * registerWords(b, 1)});`);
};

/**
 * movaps movups movapd movupd movdqa movdqu movss movsd movd movq movlps movhps movlpd movhpd
 * movlhps movhlps movmskps movmskpd pmovmskb movntdq movntps movntpd movnti maskmovdqu,
 * unpck[lh]p[sd] shufps shufpd pshufd pshuflw pshufhw, and[n]/or/xor p[sd], ldmxcsr stmxcsr,
 * fxsave fxrstor.
 */
export const sseMoveOps: OpsGroup = {
  codes: sseCodes({
    [Mnemonic.Movaps]: move128(Alignment.Strict),
    [Mnemonic.Movapd]: move128(Alignment.Strict),
    [Mnemonic.Movdqa]: move128(Alignment.Strict),
    [Mnemonic.Movntps]: move128(Alignment.Strict),
    [Mnemonic.Movntpd]: move128(Alignment.Strict),
    [Mnemonic.Movntdq]: move128(Alignment.Strict),
    [Mnemonic.Movups]: move128(Alignment.None),
    [Mnemonic.Movupd]: move128(Alignment.None),
    [Mnemonic.Movdqu]: move128(Alignment.None),
    [Mnemonic.Movss]: moveScalar(1),
    [Mnemonic.Movsd]: moveScalar(2),
    [Mnemonic.Movd]: moveLow,
    [Mnemonic.Movq]: moveLow,
    [Mnemonic.Movlps]: moveHalf(0),
    [Mnemonic.Movlpd]: moveHalf(0),
    [Mnemonic.Movhps]: moveHalf(2),
    [Mnemonic.Movhpd]: moveHalf(2),
    [Mnemonic.Movhlps]: moveHalves([['s', 2], ['s', 3]], 4),
    [Mnemonic.Movlhps]: moveHalves(INTERLEAVE_LOW_QUADWORDS, 2),
    [Mnemonic.Movmskps]: signMask([0, 1, 2, 3]),
    [Mnemonic.Movmskpd]: signMask([1, 3]),
    [Mnemonic.Pmovmskb]: pmovmskb,
    [Mnemonic.Movnti]: movnti,
    [Mnemonic.Maskmovdqu]: maskedMove,
    [Mnemonic.Unpcklps]: interleaveLanes(1, false),
    [Mnemonic.Unpckhps]: interleaveLanes(1, true),
    [Mnemonic.Unpcklpd]: interleaveLanes(2, false),
    [Mnemonic.Unpckhpd]: interleaveLanes(2, true),
    [Mnemonic.Shufps]: shufps,
    [Mnemonic.Shufpd]: shufpd,
    [Mnemonic.Pshufd]: pshufd,
    [Mnemonic.Pshuflw]: shuffleWords(0),
    [Mnemonic.Pshufhw]: shuffleWords(1),
    [Mnemonic.Andps]: AND,
    [Mnemonic.Andpd]: AND,
    [Mnemonic.Andnps]: AND_NOT,
    [Mnemonic.Andnpd]: AND_NOT,
    [Mnemonic.Orps]: OR,
    [Mnemonic.Orpd]: OR,
    [Mnemonic.Xorps]: XOR,
    [Mnemonic.Xorpd]: XOR,
    [Mnemonic.Ldmxcsr]: ldmxcsr,
    [Mnemonic.Stmxcsr]: stmxcsr,
    [Mnemonic.Fxsave]: fxsave(true),
    [Mnemonic.Fxsave64]: fxsave(false),
    [Mnemonic.Fxrstor]: fxrstor(true),
    [Mnemonic.Fxrstor64]: fxrstor(false),
  }),
};
