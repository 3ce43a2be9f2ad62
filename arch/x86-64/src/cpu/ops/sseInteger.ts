import { Mnemonic } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { add64, sub64 } from '../codegen/arithmetic64.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import {
  Alignment,
  AND,
  AND_NOT,
  interleaveLanes,
  isMemory,
  laneSource,
  lanewise,
  operandLanes,
    OR,
  readLanes,
  registerWords,
  sourceWords,
  writeLanes,
  xmmRegister,
  XOR,
} from '../codegen/xmm.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { type ShiftKind } from '../runtime/sse/packedInteger.js';
import { sseCodes } from './sseForms.js';

/*
 * The emitters serve the XMM forms and, within the MMX framing (ops/mmxState.ts), the MMX forms
 * of the same mnemonics: operand 0 is then an MMX register, whose 8 bytes they work on.
 */

/**
 * The destination register operand 0 as a runtime helper takes it: the lanes holder (register
 * file or x87 register slots), the register number, and how many bytes the instruction works on.
 */
function destination(b: BlockBuilder): string {
  const { holder, base } = operandLanes(b, 0);
  return `${holder}, ${base / 4}`;
}

function destinationBytes(b: BlockBuilder): number {
  return 4 * registerWords(b, 0);
}

/** A runtime helper combining the destination register with operand 1 (register or aligned memory). */
function helper(name: string): Emitter {
  return (b) => {
    const bytes = destinationBytes(b);
    const source = laneSource(b, 1, bytes, Alignment.Packed);
    b.line(`H.${name}(${destination(b)}, ${source.holder}, ${source.base}, ${bytes});`);
  };
}

/** PADDQ/PSUBQ: 64-bit lanes. */
function quadwords(add: boolean): Emitter {
  return (b) => {
    const words = registerWords(b, 0);
    const x = readLanes(b, 1, words, Alignment.Packed);
    const { holder, base } = operandLanes(b, 0);
    const result: string[] = [];
    for (let q = 0; q < words; q += 2) {
      const a = { lo: b.temp(`${holder}.x[${base + q}]`), hi: b.temp(`${holder}.x[${base + q + 1}]`) };
      const r = (add ? add64 : sub64)(b, a, { lo: x[q]!, hi: x[q + 1]! });
      result.push(r.lo, r.hi);
    }
    writeLanes(b, 0, result, Alignment.None);
  };
}

/**
 * PCMPEQB without a byte loop: per int32 lane, a byte of d ^ s is zero exactly when adding 0x7f
 * to its low seven bits and or-ing in the byte leaves the top bit clear; that top bit, moved to
 * bit 0 and multiplied by 0xff, is the byte's mask.
 */
const pcmpeqb: Emitter = lanewise((d, x) => `Math.imul((~(((${d} ^ ${x}) & 0x7f7f7f7f) + 0x7f7f7f7f | (${d} ^ ${x})) & 0x80808080) >>> 7, 0xff)`);

/** The shift count of a shift by register or memory: the low quadword, unsigned, clamped to 255. */
function shiftCount(b: BlockBuilder): string {
  if (b.insn.operands[1]!.kind === OperandKind.Immediate) return String(b.insn.imm & 0xff);
  // A memory count is read (and checked) whole: 16 bytes, or 8 for an MMX register's shift.
  const [lo, hi] = readLanes(b, 1, isMemory(b, 1) ? sourceWords(b) : 2, Alignment.Packed);
  return b.temp(`${hi} !== 0 ? 255 : Math.min(${lo} >>> 0, 255)`);
}

function shift(bits: number, kind: ShiftKind): Emitter {
  return (b) => b.line(`H.shiftLanes(${destination(b)}, ${destinationBytes(b)}, ${shiftCount(b)}, ${bits}, '${kind}');`);
}

function shiftBytes(left: boolean): Emitter {
  return (b) => b.line(`H.shiftBytes(s, ${xmmRegister(b, 0)}, ${b.insn.imm & 0xff}, ${left});`);
}

/** PUNPCKLBW/PUNPCKLWD and the H forms; the memory source is as wide as the form says (MMX low forms: 4 bytes). */
function interleave(unit: number, high: boolean): Emitter {
  return (b) => {
    const source = laneSource(b, 1, 4 * sourceWords(b), Alignment.Packed);
    b.line(`H.interleave(${destination(b)}, ${source.holder}, ${source.base}, ${destinationBytes(b)}, ${unit}, ${high});`);
  };
}

/** The int32 lane of register operand `k` that holds word imm8 (of 8 words, or 4 in an MMX register). */
function wordLane(b: BlockBuilder, k: number): { lane: string; shift: number } {
  const word = b.insn.imm & (2 * registerWords(b, k) - 1);
  const { holder, base } = operandLanes(b, k);
  return { lane: `${holder}.x[${base + (word >> 1)}]`, shift: 16 * (word & 1) };
}

/** PINSRW: word imm8[2:0] (imm8[1:0] for MMX) of the destination from the low 16 bits of a GPR or a 16-bit memory operand. */
const pinsrw: Emitter = (b) => {
  const value = isMemory(b, 1) ? readOperand(b, 1, 16) : operandBits(b, 1) === 64 ? readOperand64(b, 1).lo : readOperand(b, 1, 32);
  const { lane, shift } = wordLane(b, 0);
  b.line(`${lane} = (${lane} & ${~(0xffff << shift)}) | ((${value} & 0xffff) << ${shift});`);
};

/** PEXTRW: word imm8[2:0] (imm8[1:0] for MMX), zero-extended into a 32- or 64-bit GPR. */
const pextrw: Emitter = (b) => {
  const { lane, shift } = wordLane(b, 1);
  const value = b.temp(shift === 0 ? `${lane} & 0xffff` : `${lane} >>> 16`);
  if (operandBits(b, 0) === 64) writeOperand64(b, 0, { lo: value, hi: '0' });
  else writeOperand(b, 0, 32, value);
};

/**
 * paddb/w/d/q psubb/w/d/q padds[bw] paddus[bw] psubs[bw] psubus[bw] pmullw pmulhw pmulhuw pmuludq
 * pmaddwd pavgb pavgw pminub pmaxub pminsw pmaxsw psadbw pcmpeq[bwd] pcmpgt[bwd] pand pandn por
 * pxor psll[wdq] psrl[wdq] psra[wd] pslldq psrldq punpck[lh](bw wd dq qdq) packsswb packssdw
 * packuswb pinsrw pextrw, by mnemonic: the MMX forms of these mnemonics use them too (ops/mmx.ts).
 */
export const sseIntegerEmitters: Readonly<Partial<Record<number, Emitter>>> = {
  [Mnemonic.Paddd]: lanewise((d, x) => `(${d} + ${x}) | 0`),
  [Mnemonic.Psubd]: lanewise((d, x) => `(${d} - ${x}) | 0`),
  [Mnemonic.Pand]: AND,
  [Mnemonic.Pandn]: AND_NOT,
  [Mnemonic.Por]: OR,
  [Mnemonic.Pxor]: XOR,
  [Mnemonic.Pcmpeqd]: lanewise((d, x) => `${d} === ${x} ? -1 : 0`),
  [Mnemonic.Pcmpgtd]: lanewise((d, x) => `${d} > ${x} ? -1 : 0`),
  [Mnemonic.Pcmpeqb]: pcmpeqb,
  [Mnemonic.Paddq]: quadwords(true),
  [Mnemonic.Psubq]: quadwords(false),
  ...Object.fromEntries(
    (
      [
        [Mnemonic.Paddb, 'paddb'],
        [Mnemonic.Psubb, 'psubb'],
        [Mnemonic.Paddsb, 'paddsb'],
        [Mnemonic.Psubsb, 'psubsb'],
        [Mnemonic.Paddusb, 'paddusb'],
        [Mnemonic.Psubusb, 'psubusb'],
        [Mnemonic.Pavgb, 'pavgb'],
        [Mnemonic.Pminub, 'pminub'],
        [Mnemonic.Pmaxub, 'pmaxub'],
        [Mnemonic.Pcmpgtb, 'pcmpgtb'],
        [Mnemonic.Paddw, 'paddw'],
        [Mnemonic.Psubw, 'psubw'],
        [Mnemonic.Paddsw, 'paddsw'],
        [Mnemonic.Psubsw, 'psubsw'],
        [Mnemonic.Paddusw, 'paddusw'],
        [Mnemonic.Psubusw, 'psubusw'],
        [Mnemonic.Pavgw, 'pavgw'],
        [Mnemonic.Pminsw, 'pminsw'],
        [Mnemonic.Pmaxsw, 'pmaxsw'],
        [Mnemonic.Pcmpeqw, 'pcmpeqw'],
        [Mnemonic.Pcmpgtw, 'pcmpgtw'],
        [Mnemonic.Pmullw, 'pmullw'],
        [Mnemonic.Pmulhw, 'pmulhw'],
        [Mnemonic.Pmulhuw, 'pmulhuw'],
        [Mnemonic.Pmaddwd, 'pmaddwd'],
        [Mnemonic.Pmuludq, 'pmuludq'],
        [Mnemonic.Psadbw, 'psadbw'],
        [Mnemonic.Packsswb, 'packsswb'],
        [Mnemonic.Packuswb, 'packuswb'],
        [Mnemonic.Packssdw, 'packssdw'],
      ] as const
    ).map(([m, name]) => [m, helper(name)]),
  ),
  [Mnemonic.Psllw]: shift(16, 'left'),
  [Mnemonic.Pslld]: shift(32, 'left'),
  [Mnemonic.Psllq]: shift(64, 'left'),
  [Mnemonic.Psrlw]: shift(16, 'right'),
  [Mnemonic.Psrld]: shift(32, 'right'),
  [Mnemonic.Psrlq]: shift(64, 'right'),
  [Mnemonic.Psraw]: shift(16, 'arithmetic'),
  [Mnemonic.Psrad]: shift(32, 'arithmetic'),
  [Mnemonic.Pslldq]: shiftBytes(true),
  [Mnemonic.Psrldq]: shiftBytes(false),
  [Mnemonic.Punpcklbw]: interleave(1, false),
  [Mnemonic.Punpckhbw]: interleave(1, true),
  [Mnemonic.Punpcklwd]: interleave(2, false),
  [Mnemonic.Punpckhwd]: interleave(2, true),
  [Mnemonic.Punpckldq]: interleaveLanes(1, false),
  [Mnemonic.Punpckhdq]: interleaveLanes(1, true),
  [Mnemonic.Punpcklqdq]: interleaveLanes(2, false),
  [Mnemonic.Punpckhqdq]: interleaveLanes(2, true),
  [Mnemonic.Pinsrw]: pinsrw,
  [Mnemonic.Pextrw]: pextrw,
};

/** The XMM forms of the SSE2 integer instructions. */
export const sseIntegerOps: OpsGroup = { codes: sseCodes(sseIntegerEmitters) };
