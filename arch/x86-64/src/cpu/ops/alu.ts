import { Mnemonic } from '../../decode/iced.js';
import { add64, sub64 } from '../codegen/arithmetic64.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { carryFlag, setFlags, setFlags64 } from '../codegen/flags.js';
import { operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import { type Pair } from '../codegen/Pair.js';
import { narrow } from '../codegen/widths.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { FlagKind, type FlagKindValue } from '../flags/FlagOp.js';

interface BinaryOp {
  readonly kind: FlagKindValue;
  /** Whether the result is written back (CMP and TEST only set flags). */
  readonly store: boolean;
  readonly narrowResult: (a: string, x: string, carry: string) => string;
  readonly wideResult: (b: BlockBuilder, a: Pair, x: Pair, carry: string) => Pair;
  readonly usesCarry: boolean;
}

function logic64(op: '&' | '|' | '^') {
  return (b: BlockBuilder, a: Pair, x: Pair): Pair => ({ lo: b.temp(`${a.lo} ${op} ${x.lo}`), hi: b.temp(`${a.hi} ${op} ${x.hi}`) });
}

const ADD: BinaryOp = { kind: FlagKind.Add, store: true, usesCarry: false, narrowResult: (a, x) => `${a} + ${x}`, wideResult: (b, a, x) => add64(b, a, x) };
const ADC: BinaryOp = { kind: FlagKind.Adc, store: true, usesCarry: true, narrowResult: (a, x, c) => `${a} + ${x} + ${c}`, wideResult: add64 };
const SUB: BinaryOp = { kind: FlagKind.Sub, store: true, usesCarry: false, narrowResult: (a, x) => `${a} - ${x}`, wideResult: (b, a, x) => sub64(b, a, x) };
const SBB: BinaryOp = { kind: FlagKind.Sbb, store: true, usesCarry: true, narrowResult: (a, x, c) => `${a} - ${x} - ${c}`, wideResult: sub64 };
const CMP: BinaryOp = { ...SUB, store: false };
const AND: BinaryOp = { kind: FlagKind.Logic, store: true, usesCarry: false, narrowResult: (a, x) => `${a} & ${x}`, wideResult: logic64('&') };
const OR: BinaryOp = { ...AND, narrowResult: (a, x) => `${a} | ${x}`, wideResult: logic64('|') };
const XOR: BinaryOp = { ...AND, narrowResult: (a, x) => `${a} ^ ${x}`, wideResult: logic64('^') };
const TEST: BinaryOp = { ...AND, store: false };

function binary(op: BinaryOp): Emitter {
  return (b) => {
    const bits = operandBits(b, 0);
    const carry = op.usesCarry ? b.temp(carryFlag(b)) : undefined;
    if (bits === 64) {
      const a = readOperand64(b, 0);
      const x = readOperand64(b, 1);
      const r = op.wideResult(b, a, x, carry ?? '0');
      if (op.store) writeOperand64(b, 0, r);
      setFlags64(b, op.kind, a, x, r, carry);
    } else {
      const a = readOperand(b, 0, bits);
      const x = readOperand(b, 1, bits);
      const r = b.temp(narrow(op.narrowResult(a, x, carry ?? '0'), bits));
      if (op.store) writeOperand(b, 0, bits, r);
      setFlags(b, op.kind, bits, a, x, r, carry);
    }
  };
}

/** INC and DEC: like ADD/SUB of 1 but CF is kept, so the current CF travels in the lazy record. */
function step(kind: typeof FlagKind.Inc | typeof FlagKind.Dec): Emitter {
  const sign = kind === FlagKind.Inc ? '+' : '-';
  return (b) => {
    const bits = operandBits(b, 0);
    const carry = b.flagsLive ? carryFlag(b) : undefined;
    if (bits === 64) {
      const a = readOperand64(b, 0);
      const one = { lo: '1', hi: '0' };
      const r = kind === FlagKind.Inc ? add64(b, a, one) : sub64(b, a, one);
      writeOperand64(b, 0, r);
      setFlags64(b, kind, a, one, r, carry);
    } else {
      const a = readOperand(b, 0, bits);
      const r = b.temp(narrow(`${a} ${sign} 1`, bits));
      writeOperand(b, 0, bits, r);
      setFlags(b, kind, bits, a, '1', r, carry);
    }
  };
}

const neg: Emitter = (b) => {
  const bits = operandBits(b, 0);
  if (bits === 64) {
    const a = readOperand64(b, 0);
    const zero = { lo: '0', hi: '0' };
    const r = sub64(b, zero, a);
    writeOperand64(b, 0, r);
    setFlags64(b, FlagKind.Neg, a, zero, r);
  } else {
    const a = readOperand(b, 0, bits);
    const r = b.temp(narrow(`-${a}`, bits));
    writeOperand(b, 0, bits, r);
    setFlags(b, FlagKind.Neg, bits, a, '0', r);
  }
};

const not: Emitter = (b) => {
  const bits = operandBits(b, 0);
  if (bits === 64) {
    const a = readOperand64(b, 0);
    writeOperand64(b, 0, { lo: `~${a.lo}`, hi: `~${a.hi}` });
  } else {
    writeOperand(b, 0, bits, narrow(`~${readOperand(b, 0, bits)}`, bits));
  }
};

/** add adc sub sbb and or xor cmp test inc dec neg not */
export const aluOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Add]: binary(ADD),
    [Mnemonic.Adc]: binary(ADC),
    [Mnemonic.Sub]: binary(SUB),
    [Mnemonic.Sbb]: binary(SBB),
    [Mnemonic.Cmp]: binary(CMP),
    [Mnemonic.And]: binary(AND),
    [Mnemonic.Or]: binary(OR),
    [Mnemonic.Xor]: binary(XOR),
    [Mnemonic.Test]: binary(TEST),
    [Mnemonic.Inc]: step(FlagKind.Inc),
    [Mnemonic.Dec]: step(FlagKind.Dec),
    [Mnemonic.Neg]: neg,
    [Mnemonic.Not]: not,
  },
};
