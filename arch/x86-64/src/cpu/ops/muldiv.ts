import { Mnemonic, Register } from '../../decode/iced.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { extend, operandBits, readOperand, readOperand64 } from '../codegen/operands.js';
import { type Pair } from '../codegen/Pair.js';
import { readGpr, readGpr64, writeGpr, writeGpr64 } from '../codegen/registers.js';
import { maskOf, signBit, signed } from '../codegen/widths.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { FlagBits } from '../state/FlagBits.js';
import { setSomeFlags } from './someFlags.js';

type Width = 8 | 16 | 32 | 64;

/** The implicit operands: MUL/DIV's LOW half (AL AX EAX RAX) and HIGH half (AH DX EDX RDX); for 8 bits HIGH:LOW is AX. */
const LOW: Record<Width, Register> = { 8: Register.AL, 16: Register.AX, 32: Register.EAX, 64: Register.RAX };
const HIGH: Record<Width, Register> = { 8: Register.AH, 16: Register.DX, 32: Register.EDX, 64: Register.RDX };

const CARRY_AND_OVERFLOW = FlagBits.CF | FlagBits.OF;

/**
 * MUL/IMUL set CF and OF when the high half is significant. This host (AMD) leaves SF, ZF, AF
 * and PF as they were, which the manuals call undefined; they are kept.
 */
function multiplyFlags(b: BlockBuilder, overflow: () => string): void {
  if (b.flagsLive) setSomeFlags(b, CARRY_AND_OVERFLOW, `(${overflow()} ? ${CARRY_AND_OVERFLOW} : 0)`);
  else b.flagSource = undefined;
}

/** A narrow product: its low half, and the high half on demand (only MUL's one-operand form and live flags need it). */
interface NarrowProduct {
  readonly low: string;
  readonly high: () => string;
}

function narrowProduct(b: BlockBuilder, bits: number, isSigned: boolean, a: string, x: string): NarrowProduct {
  if (bits === 32) {
    const low = b.temp(`Math.imul(${a}, ${x})`);
    const exact = isSigned ? `${a} * ${x}` : `(${a} >>> 0) * (${x} >>> 0)`;
    // The double product is within 2^12 of the exact one, so rounding recovers the high word.
    return { low, high: () => b.temp(`Math.round((${exact} - (${low} >>> 0)) / 4294967296) | 0`) };
  }
  const p = b.temp(isSigned ? `${signed(a, bits)} * ${signed(x, bits)}` : `${a} * ${x}`);
  return { low: b.temp(`${p} & ${maskOf(bits)}`), high: () => b.temp(`(${p} >> ${bits}) & ${maskOf(bits)}`) };
}

function narrowOverflow(bits: number, isSigned: boolean, low: string, high: string): string {
  return isSigned ? `(${high} !== (${signBit(low, bits)} ? ${maskOf(bits)} : 0))` : `(${high} !== 0)`;
}

function wideOverflow(isSigned: boolean, low: Pair, high: Pair): string {
  return isSigned ? `((${high.lo} !== (${low.hi} >> 31)) || (${high.hi} !== (${low.hi} >> 31)))` : `((${high.lo} | ${high.hi}) !== 0)`;
}

/** The 128-bit product of two 64-bit pairs, through the runtime. */
function wideProduct(b: BlockBuilder, isSigned: boolean, a: Pair, x: Pair): { low: Pair; high: Pair } {
  b.line(`H.multiply128(${a.lo}, ${a.hi}, ${x.lo}, ${x.hi}, ${isSigned});`);
  return { low: { lo: b.temp('H.product[0]'), hi: b.temp('H.product[1]') }, high: { lo: b.temp('H.product[2]'), hi: b.temp('H.product[3]') } };
}

/** The low 64 bits of a product, inline: the same in both signednesses. */
function lowProduct(b: BlockBuilder, a: Pair, x: Pair): Pair {
  const lo = b.temp(`Math.imul(${a.lo}, ${x.lo})`);
  const carry = `Math.round(((${a.lo} >>> 0) * (${x.lo} >>> 0) - (${lo} >>> 0)) / 4294967296)`;
  return { lo, hi: b.temp(`(${carry} + Math.imul(${a.lo}, ${x.hi}) + Math.imul(${a.hi}, ${x.lo})) | 0`) };
}

/** MUL and IMUL r/m: HIGH:LOW = LOW * r/m. */
function multiplyAccumulator(isSigned: boolean): Emitter {
  return (b) => {
    const bits = operandBits(b, 0) as Width;
    if (bits === 64) {
      const x = readOperand64(b, 0);
      const { low, high } = wideProduct(b, isSigned, readGpr64(b, Register.RAX), x);
      writeGpr64(b, Register.RAX, low);
      writeGpr64(b, Register.RDX, high);
      multiplyFlags(b, () => wideOverflow(isSigned, low, high));
      return;
    }
    const x = readOperand(b, 0, bits);
    const product = narrowProduct(b, bits, isSigned, readGpr(b, LOW[bits]), x);
    const high = product.high();
    writeGpr(b, LOW[bits], product.low);
    writeGpr(b, HIGH[bits], high);
    multiplyFlags(b, () => narrowOverflow(bits, isSigned, product.low, high));
  };
}

/** IMUL r, r/m and IMUL r, r/m, imm: the destination keeps the low half. */
const multiplyInto: Emitter = (b) => {
  const bits = operandBits(b, 0);
  const [first, second] = b.insn.operands.length === 3 ? [1, 2] : [0, 1];
  if (bits === 64) {
    const a = readOperand64(b, first);
    const x = readOperand64(b, second);
    if (b.flagsLive) {
      const { low, high } = wideProduct(b, true, a, x);
      writeGpr64(b, b.insn.operands[0]!.register, low);
      multiplyFlags(b, () => wideOverflow(true, low, high));
    } else {
      writeGpr64(b, b.insn.operands[0]!.register, lowProduct(b, a, x));
      b.flagSource = undefined;
    }
    return;
  }
  const product = narrowProduct(b, bits, true, readOperand(b, first, bits), readOperand(b, second, bits));
  writeGpr(b, b.insn.operands[0]!.register, product.low);
  multiplyFlags(b, () => narrowOverflow(bits, true, product.low, product.high()));
};

const signedMultiplyAccumulator = multiplyAccumulator(true);

/** IMUL has a one-operand form like MUL's and the two- and three-operand forms that keep the low half. */
const imul: Emitter = (b) => (b.insn.operands.length === 1 ? signedMultiplyAccumulator(b) : multiplyInto(b));

/** DIV and IDIV: the runtime divides, raises #DE, and writes the quotient and remainder. */
function divide(isSigned: boolean): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    const divisor = bits === 64 ? readOperand64(b, 0) : { lo: readOperand(b, 0, bits), hi: '0' };
    b.line(`H.divide(s, ${bits}, ${isSigned}, ${divisor.lo}, ${divisor.hi}, ${b.insn.address});`);
    // The host leaves CF and OF and sets SF ZF AF PF to 0 0 1 0; the manuals call all six undefined.
    setSomeFlags(b, FlagBits.SF | FlagBits.ZF | FlagBits.AF | FlagBits.PF, String(FlagBits.AF));
  };
}

/** CBW CWDE CDQE: LOW of the next width = sign-extended LOW. */
function signExtendAccumulator(from: 8 | 16 | 32): Emitter {
  return (b) => {
    const value = readGpr(b, LOW[from]);
    if (from === 32) writeGpr64(b, Register.RAX, { lo: value, hi: `(${value} >> 31)` });
    else writeGpr(b, LOW[(from * 2) as Width], extend(value, from, from * 2, true));
  };
}

/** CWD CDQ CQO: HIGH = the sign of LOW, replicated. */
function signIntoHigh(bits: 16 | 32 | 64): Emitter {
  return (b) => {
    if (bits === 64) {
      const sign = b.temp(`R[1] >> 31`);
      writeGpr64(b, Register.RDX, { lo: sign, hi: sign });
    } else {
      writeGpr(b, HIGH[bits], `(${signBit(readGpr(b, LOW[bits]), bits)} ? ${maskOf(bits)} : 0)`);
    }
  };
}

/** mul imul div idiv cbw cwde cdqe cwd cdq cqo */
export const muldivOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Mul]: multiplyAccumulator(false),
    [Mnemonic.Imul]: imul,
    [Mnemonic.Div]: divide(false),
    [Mnemonic.Idiv]: divide(true),
    [Mnemonic.Cbw]: signExtendAccumulator(8),
    [Mnemonic.Cwde]: signExtendAccumulator(16),
    [Mnemonic.Cdqe]: signExtendAccumulator(32),
    [Mnemonic.Cwd]: signIntoHigh(16),
    [Mnemonic.Cdq]: signIntoHigh(32),
    [Mnemonic.Cqo]: signIntoHigh(64),
  },
};
