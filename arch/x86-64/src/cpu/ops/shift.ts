import { Mnemonic } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { carryFlag, setExplicitFlags, setFlags, setFlags64 } from '../codegen/flags.js';
import { operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import { type Pair } from '../codegen/Pair.js';
import { narrow, signed, unsigned } from '../codegen/widths.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { FlagKind } from '../flags/FlagOp.js';
import { FlagBits } from '../state/FlagBits.js';
import { setSomeFlags } from './someFlags.js';

const CARRY_AND_OVERFLOW = FlagBits.CF | FlagBits.OF;

/**
 * The count of a shift or rotate: its last operand, an immediate (1 for the D0-D3 forms) or CL,
 * masked to 5 bits (6 for 64-bit operands). `known` is its value when it is an immediate.
 */
interface Count {
  readonly expr: string;
  readonly known: number | undefined;
}

function shiftCount(b: BlockBuilder, bits: number): Count {
  const mask = bits === 64 ? 63 : 31;
  const last = b.insn.operands[b.insn.operands.length - 1]!;
  if (last.kind === OperandKind.Immediate) {
    const known = b.insn.imm & mask;
    return { expr: String(known), known };
  }
  return { expr: b.temp(`R[2] & ${mask}`), known: undefined };
}

/**
 * Emits the flag update of a shift or rotate, which happens only for a non-zero masked count.
 * With a CL count that is known at run time only, so the update is guarded and no flag source
 * survives it. (The destination is written whatever the count: a 32-bit one is zero-extended.)
 */
function flagsWhenCounted(b: BlockBuilder, count: Count, emit: () => void): void {
  if (count.known === 0) return;
  if (count.known !== undefined) {
    emit();
    return;
  }
  b.flagSource = undefined;
  if (!b.flagsLive) return;
  b.line(`if (${count.expr} !== 0) {`);
  emit();
  b.line('}');
  b.flagSource = undefined;
}

type ShiftKind = typeof FlagKind.Shl | typeof FlagKind.Shr | typeof FlagKind.Sar;

function shiftNarrow(kind: ShiftKind, a: string, c: string, bits: number): string {
  if (kind === FlagKind.Shl) return narrow(`${a} << ${c}`, bits);
  if (kind === FlagKind.Shr) return narrow(`${unsigned(a, bits)} >>> ${c}`, bits);
  return narrow(`${signed(a, bits)} >> ${c}`, bits);
}

/**
 * SHL/SHR/SAR of a 64-bit pair by `c`, an expression in 0..63. The bits crossing between the
 * halves are shifted in two steps ((x >>> 1) >>> (31 - c)) so that a count of 0 needs no case.
 */
function shiftPair(b: BlockBuilder, kind: ShiftKind, a: Pair, c: string): Pair {
  if (kind === FlagKind.Shl) {
    return {
      lo: b.temp(`${c} < 32 ? ${a.lo} << ${c} : 0`),
      hi: b.temp(`${c} < 32 ? (${a.hi} << ${c}) | ((${a.lo} >>> 1) >>> (31 - ${c})) : ${a.lo} << (${c} - 32)`),
    };
  }
  const right = kind === FlagKind.Sar ? '>>' : '>>>';
  return {
    lo: b.temp(`(${c} < 32 ? (${a.lo} >>> ${c}) | ((${a.hi} << 1) << (31 - ${c})) : ${a.hi} ${right} (${c} - 32)) | 0`),
    hi: b.temp(`(${c} < 32 ? ${a.hi} ${right} ${c} : ${kind === FlagKind.Sar ? `${a.hi} >> 31` : '0'}) | 0`),
  };
}

function orPair(b: BlockBuilder, x: Pair, y: Pair): Pair {
  return { lo: b.temp(`${x.lo} | ${y.lo}`), hi: b.temp(`${x.hi} | ${y.hi}`) };
}

/** SHL SAL SHR SAR: the lazy record keeps the operand and the count, from which CF and OF follow. */
function shift(kind: ShiftKind): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    if (bits === 64) {
      const a = readOperand64(b, 0);
      const count = shiftCount(b, bits);
      const r = shiftPair(b, kind, a, count.expr);
      writeOperand64(b, 0, r);
      flagsWhenCounted(b, count, () => setFlags64(b, kind, a, { lo: count.expr, hi: '0' }, r));
    } else {
      const a = readOperand(b, 0, bits);
      const count = shiftCount(b, bits);
      const r = b.temp(shiftNarrow(kind, a, count.expr, bits));
      writeOperand(b, 0, bits, r);
      flagsWhenCounted(b, count, () => setFlags(b, kind, bits, a, count.expr, r));
    }
  };
}

/**
 * CF and OF after ROL/ROR from the result's low bit and two top bits: ROL's CF is the low bit
 * and OF its XOR with the sign; ROR's CF is the sign and OF the XOR of the two top bits. The host
 * computes OF this way for every count, not only for 1.
 */
function rotateFlags(left: boolean, low: string, top: string, topBit: number): string {
  const sign = `((${top} >>> ${topBit}) & 1)`;
  if (left) return `((${low} & 1) | (((${sign} ^ ${low}) & 1) << 11))`;
  return `(${sign} | (((${sign} ^ (${top} >>> ${topBit - 1})) & 1) << 11))`;
}

/** ROL and ROR: only CF and OF change, so the other flags are kept. */
function rotate(left: boolean): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    if (bits === 64) {
      const a = readOperand64(b, 0);
      const count = shiftCount(b, bits);
      const back = b.temp(`(64 - ${count.expr}) & 63`);
      const r = left
        ? orPair(b, shiftPair(b, FlagKind.Shl, a, count.expr), shiftPair(b, FlagKind.Shr, a, back))
        : orPair(b, shiftPair(b, FlagKind.Shr, a, count.expr), shiftPair(b, FlagKind.Shl, a, back));
      writeOperand64(b, 0, r);
      flagsWhenCounted(b, count, () => setSomeFlags(b, CARRY_AND_OVERFLOW, rotateFlags(left, r.lo, r.hi, 31)));
    } else {
      const a = readOperand(b, 0, bits);
      const count = shiftCount(b, bits);
      const t = b.temp(`${count.expr} & ${bits - 1}`);
      const ua = unsigned(a, bits);
      const r = b.temp(left ? narrow(`(${a} << ${t}) | (${ua} >>> (${bits} - ${t}))`, bits) : narrow(`(${ua} >>> ${t}) | (${a} << (${bits} - ${t}))`, bits));
      writeOperand(b, 0, bits, r);
      flagsWhenCounted(b, count, () => setSomeFlags(b, CARRY_AND_OVERFLOW, rotateFlags(left, r, r, bits - 1)));
    }
  };
}

/** RCL and RCR rotate through CF; they are rare, so a runtime helper does the work for every width. */
function rotateThroughCarry(left: boolean): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    const a = bits === 64 ? readOperand64(b, 0) : { lo: readOperand(b, 0, bits), hi: '0' };
    const count = shiftCount(b, bits);
    const carry = b.temp(carryFlag(b));
    const lo = b.temp(`H.rotateThroughCarry(${a.lo}, ${a.hi}, ${bits}, ${count.expr}, ${carry}, ${left})`);
    if (bits === 64) writeOperand64(b, 0, { lo, hi: b.temp('H.rotated[0]') });
    else writeOperand(b, 0, bits, lo);
    flagsWhenCounted(b, count, () => setSomeFlags(b, CARRY_AND_OVERFLOW, 'H.rotated[1]'));
  };
}

/**
 * SHLD/SHRD of a 16-bit operand by a count above 16 is undefined; the host shifts the 48-bit
 * string dest:src:src (SHLD) or src:src:dest (SHRD), which JS numbers hold exactly.
 */
function doubleShift16(left: boolean, a: string, x: string, c: string): string {
  if (left) return `Math.floor((${a} * 4294967296 + ${x} * 65537) * 2 ** ${c} / 4294967296) % 65536`;
  return `Math.floor((${x} * 4295032832 + ${a}) / 2 ** ${c}) % 65536`;
}

function doubleShift32(left: boolean, a: string, x: string, c: string): string {
  if (left) return `((${a} << ${c}) | ((${x} >>> 1) >>> (31 - ${c})))`;
  return `((${a} >>> ${c}) | ((${x} << 1) << (31 - ${c})))`;
}

/**
 * SHLD/SHRD. SHLD's flags are SHL's of the destination by the count (the bits shifted out are the
 * destination's), so the lazy Shl record serves; SHRD's OF is the XOR of the result's top bits,
 * which no lazy kind computes, so a helper produces its flags explicitly.
 */
function doubleShift(left: boolean): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    if (bits === 64) {
      const a = readOperand64(b, 0);
      const x = readOperand64(b, 1);
      const count = shiftCount(b, bits);
      const rest = b.temp(`63 - ${count.expr}`);
      const r = left
        ? orPair(b, shiftPair(b, FlagKind.Shl, a, count.expr), shiftPair(b, FlagKind.Shr, shiftPair(b, FlagKind.Shr, x, '1'), rest))
        : orPair(b, shiftPair(b, FlagKind.Shr, a, count.expr), shiftPair(b, FlagKind.Shl, shiftPair(b, FlagKind.Shl, x, '1'), rest));
      writeOperand64(b, 0, r);
      flagsWhenCounted(b, count, () =>
        left ? setFlags64(b, FlagKind.Shl, a, { lo: count.expr, hi: '0' }, r) : setExplicitFlags(b, `H.shrdFlags(${a.lo}, ${a.hi}, ${r.lo}, ${r.hi}, 64, ${count.expr})`),
      );
    } else {
      const a = readOperand(b, 0, bits);
      const x = readOperand(b, 1, bits);
      const count = shiftCount(b, bits);
      const r = b.temp(narrow(bits === 16 ? doubleShift16(left, a, x, count.expr) : doubleShift32(left, a, x, count.expr), bits));
      writeOperand(b, 0, bits, r);
      flagsWhenCounted(b, count, () => (left ? setFlags(b, FlagKind.Shl, bits, a, count.expr, r) : setExplicitFlags(b, `H.shrdFlags(${a}, 0, ${r}, 0, ${bits}, ${count.expr})`)));
    }
  };
}

/** shl sal shr sar rol ror rcl rcr shld shrd */
export const shiftOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Shl]: shift(FlagKind.Shl),
    [Mnemonic.Sal]: shift(FlagKind.Shl),
    [Mnemonic.Shr]: shift(FlagKind.Shr),
    [Mnemonic.Sar]: shift(FlagKind.Sar),
    [Mnemonic.Rol]: rotate(true),
    [Mnemonic.Ror]: rotate(false),
    [Mnemonic.Rcl]: rotateThroughCarry(true),
    [Mnemonic.Rcr]: rotateThroughCarry(false),
    [Mnemonic.Shld]: doubleShift(true),
    [Mnemonic.Shrd]: doubleShift(false),
  },
};
