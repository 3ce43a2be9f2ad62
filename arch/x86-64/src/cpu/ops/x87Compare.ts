import { Mnemonic } from '../../decode/iced.js';
import { setExplicitFlags } from '../codegen/flags.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { emitX87, hasMemoryOperand, memoryFormat, stOperand, x87Call, x87Helper, X87Kind } from './x87.js';

/** FCOM FCOMP FCOMPP FUCOM FUCOMP FUCOMPP (ST(1) when no operand is given), FICOM FICOMP: C3 C2 C0. */
function compare(signaling: boolean, pops: number, integer = false): Emitter {
  return x87Call(X87Kind.numeric, (b, address) => {
    if (hasMemoryOperand(b)) return `H.fpuCompareMemory(s, M, ${address}, ${memoryFormat(b, integer)}, ${pops})`;
    const i = b.insn.operands.length === 0 ? 1 : stOperand(b);
    return `H.fpuCompare(s, ${i}, ${signaling}, ${pops})`;
  });
}

/** FCOMI FCOMIP FUCOMI FUCOMIP: ZF PF CF, with OF SF AF cleared. */
function compareToFlags(signaling: boolean, pops: number): Emitter {
  return (b) =>
    emitX87(b, X87Kind.numeric, () => {
      setExplicitFlags(b, b.temp(`H.fpuCompareFlags(s, ${stOperand(b)}, ${signaling}, ${pops})`));
    });
}

/** fcom fcomp fcompp fucom fucomp fucompp ficom ficomp fcomi fcomip fucomi fucomip ftst fxam */
export const x87CompareOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Fcom]: compare(true, 0),
    [Mnemonic.Fcomp]: compare(true, 1),
    [Mnemonic.Fcompp]: compare(true, 2),
    [Mnemonic.Fucom]: compare(false, 0),
    [Mnemonic.Fucomp]: compare(false, 1),
    [Mnemonic.Fucompp]: compare(false, 2),
    [Mnemonic.Ficom]: compare(true, 0, true),
    [Mnemonic.Ficomp]: compare(true, 1, true),
    [Mnemonic.Fcomi]: compareToFlags(true, 0),
    [Mnemonic.Fcomip]: compareToFlags(true, 1),
    [Mnemonic.Fucomi]: compareToFlags(false, 0),
    [Mnemonic.Fucomip]: compareToFlags(false, 1),
    [Mnemonic.Ftst]: x87Helper('ftst'),
    [Mnemonic.Fxam]: x87Helper('fxam'),
  },
};
