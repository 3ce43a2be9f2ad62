import { Mnemonic } from '../../decode/iced.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { condition } from '../codegen/flags.js';
import { leaAddress } from '../codegen/leaAddress.js';
import { extend, operandBits, readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import { type Pair } from '../codegen/Pair.js';
import { narrow } from '../codegen/widths.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';

const mov: Emitter = (b) => {
  const bits = operandBits(b, 0);
  if (bits === 64) writeOperand64(b, 0, readOperand64(b, 1));
  else writeOperand(b, 0, bits, readOperand(b, 1, bits));
};

/** MOVZX/MOVSX/MOVSXD: the source is narrower than the destination. */
function widen(signExtend: boolean): Emitter {
  return (b) => {
    const to = operandBits(b, 0);
    const from = operandBits(b, 1);
    const value = readOperand(b, 1, from);
    if (to === 64) {
      const lo = b.temp(extend(value, from, 32, signExtend));
      writeOperand64(b, 0, { lo, hi: signExtend ? `(${lo} >> 31)` : '0' });
    } else {
      writeOperand(b, 0, to, extend(value, from, to, signExtend));
    }
  };
}

const lea: Emitter = (b) => {
  const bits = operandBits(b, 0);
  const address = leaAddress(b);
  if (bits === 64) writeOperand64(b, 0, address);
  else writeOperand(b, 0, bits, narrow(address.lo, bits));
};

const xchg: Emitter = (b) => {
  const bits = operandBits(b, 0);
  if (bits === 64) {
    const a = readOperand64(b, 0);
    const x = readOperand64(b, 1);
    writeOperand64(b, 0, x);
    writeOperand64(b, 1, a);
  } else {
    const a = readOperand(b, 0, bits);
    const x = readOperand(b, 1, bits);
    writeOperand(b, 0, bits, x);
    writeOperand(b, 1, bits, a);
  }
};

function select(b: BlockBuilder, test: string, taken: Pair, kept: Pair): Pair {
  return { lo: b.temp(`${test} ? ${taken.lo} : ${kept.lo}`), hi: b.temp(`${test} ? ${taken.hi} : ${kept.hi}`) };
}

/**
 * CMOVcc reads its source whatever the condition (a bad address faults), and a 32-bit CMOVcc
 * zero-extends its destination even when the condition is false.
 */
const cmov: Emitter = (b) => {
  const bits = operandBits(b, 0);
  const test = b.temp(condition(b, b.insn.condition));
  if (bits === 64) {
    const source = readOperand64(b, 1);
    writeOperand64(b, 0, select(b, test, source, readOperand64(b, 0)));
  } else {
    const source = readOperand(b, 1, bits);
    writeOperand(b, 0, bits, `(${test} ? ${source} : ${readOperand(b, 0, bits)})`);
  }
};

const setcc: Emitter = (b) => {
  writeOperand(b, 0, 8, `(${condition(b, b.insn.condition)} ? 1 : 0)`);
};

const CMOV = [Mnemonic.Cmovo, Mnemonic.Cmovno, Mnemonic.Cmovb, Mnemonic.Cmovae, Mnemonic.Cmove, Mnemonic.Cmovne, Mnemonic.Cmovbe, Mnemonic.Cmova, Mnemonic.Cmovs, Mnemonic.Cmovns, Mnemonic.Cmovp, Mnemonic.Cmovnp, Mnemonic.Cmovl, Mnemonic.Cmovge, Mnemonic.Cmovle, Mnemonic.Cmovg];
const SET = [Mnemonic.Seto, Mnemonic.Setno, Mnemonic.Setb, Mnemonic.Setae, Mnemonic.Sete, Mnemonic.Setne, Mnemonic.Setbe, Mnemonic.Seta, Mnemonic.Sets, Mnemonic.Setns, Mnemonic.Setp, Mnemonic.Setnp, Mnemonic.Setl, Mnemonic.Setge, Mnemonic.Setle, Mnemonic.Setg];

/** mov movzx movsx movsxd lea xchg cmovcc setcc */
export const movOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Mov]: mov,
    [Mnemonic.Movzx]: widen(false),
    [Mnemonic.Movsx]: widen(true),
    [Mnemonic.Movsxd]: widen(true),
    [Mnemonic.Lea]: lea,
    [Mnemonic.Xchg]: xchg,
    ...Object.fromEntries(CMOV.map((m) => [m, cmov])),
    ...Object.fromEntries(SET.map((m) => [m, setcc])),
  },
};
