import { Mnemonic } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { add64, sub64 } from '../codegen/arithmetic64.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import {
  Alignment,
  AND,
  AND_NOT,
  INTERLEAVE_HIGH_DWORDS,
  INTERLEAVE_HIGH_QUADWORDS,
  INTERLEAVE_LOW_DWORDS,
  INTERLEAVE_LOW_QUADWORDS,
  interleaveLanes,
  isMemory,
  laneSource,
  lanewise,
  OR,
  readLanes,
  writeLanes,
  xmmRegister,
  XOR,
} from '../codegen/xmm.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { type ShiftKind } from '../runtime/sse/packedInteger.js';
import { sseCodes } from './sseForms.js';

/** A runtime helper combining the destination register with operand 1 (register or aligned memory). */
function helper(name: string): Emitter {
  return (b) => {
    const source = laneSource(b, 1, 16, Alignment.Packed);
    b.line(`H.${name}(s, ${xmmRegister(b, 0)}, ${source.holder}, ${source.base});`);
  };
}

/** PADDQ/PSUBQ: two 64-bit lanes. */
function quadwords(add: boolean): Emitter {
  return (b) => {
    const x = readLanes(b, 1, 4, Alignment.Packed);
    const d = 4 * xmmRegister(b, 0);
    const result: string[] = [];
    for (let q = 0; q < 4; q += 2) {
      const a = { lo: b.temp(`s.x[${d + q}]`), hi: b.temp(`s.x[${d + q + 1}]`) };
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
  // A memory count is a 16-byte operand, read (and checked) whole.
  const [lo, hi] = isMemory(b, 1) ? readLanes(b, 1, 4, Alignment.Packed) : readLanes(b, 1, 2, Alignment.None);
  return b.temp(`${hi} !== 0 ? 255 : Math.min(${lo} >>> 0, 255)`);
}

function shift(bits: number, kind: ShiftKind): Emitter {
  return (b) => b.line(`H.shiftLanes(s, ${xmmRegister(b, 0)}, ${shiftCount(b)}, ${bits}, '${kind}');`);
}

function shiftBytes(left: boolean): Emitter {
  return (b) => b.line(`H.shiftBytes(s, ${xmmRegister(b, 0)}, ${b.insn.imm & 0xff}, ${left});`);
}

function interleave(unit: number, high: boolean): Emitter {
  return (b) => {
    const source = laneSource(b, 1, 16, Alignment.Packed);
    b.line(`H.interleave(s, ${xmmRegister(b, 0)}, ${source.holder}, ${source.base}, ${unit}, ${high});`);
  };
}

/** PINSRW: word imm8[2:0] of the destination from the low 16 bits of a GPR or a 16-bit memory operand. */
const pinsrw: Emitter = (b) => {
  const value = isMemory(b, 1) ? readOperand(b, 1, 16) : operandBits(b, 1) === 64 ? readOperand64(b, 1).lo : readOperand(b, 1, 32);
  const word = b.insn.imm & 7;
  const lane = `s.x[${4 * xmmRegister(b, 0) + (word >> 1)}]`;
  const shift = 16 * (word & 1);
  b.line(`${lane} = (${lane} & ${~(0xffff << shift)}) | ((${value} & 0xffff) << ${shift});`);
};

/** PEXTRW: word imm8[2:0], zero-extended into a 32- or 64-bit GPR. */
const pextrw: Emitter = (b) => {
  const word = b.insn.imm & 7;
  const lane = `s.x[${4 * xmmRegister(b, 1) + (word >> 1)}]`;
  const value = b.temp((word & 1) === 0 ? `${lane} & 0xffff` : `${lane} >>> 16`);
  if (operandBits(b, 0) === 64) writeOperand64(b, 0, { lo: value, hi: '0' });
  else writeOperand(b, 0, 32, value);
};

/**
 * paddb/w/d/q psubb/w/d/q padds[bw] paddus[bw] psubs[bw] psubus[bw] pmullw pmulhw pmulhuw pmuludq
 * pmaddwd pavgb pavgw pminub pmaxub pminsw pmaxsw psadbw pcmpeq[bwd] pcmpgt[bwd] pand pandn por
 * pxor psll[wdq] psrl[wdq] psra[wd] pslldq psrldq punpck[lh](bw wd dq qdq) packsswb packssdw
 * packuswb pinsrw pextrw
 */
export const sseIntegerOps: OpsGroup = {
  codes: sseCodes({
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
    [Mnemonic.Punpckldq]: interleaveLanes(INTERLEAVE_LOW_DWORDS),
    [Mnemonic.Punpckhdq]: interleaveLanes(INTERLEAVE_HIGH_DWORDS),
    [Mnemonic.Punpcklqdq]: interleaveLanes(INTERLEAVE_LOW_QUADWORDS),
    [Mnemonic.Punpckhqdq]: interleaveLanes(INTERLEAVE_HIGH_QUADWORDS),
    [Mnemonic.Pinsrw]: pinsrw,
    [Mnemonic.Pextrw]: pextrw,
  }),
};
