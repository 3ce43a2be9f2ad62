import { ConditionCode, Mnemonic } from '../../decode/iced.js';
import { condition } from '../codegen/flags.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { Constant } from '../runtime/x87/load.js';
import { MemoryFormat } from '../runtime/x87/memoryOperand.js';
import { hasMemoryOperand, memoryFormat, stOperand, x87Call, X87Kind } from './x87.js';

/** FLD m32/m64/m80 or ST(i); FILD and FBLD (`integer`/`bcd` memory operands). */
function load(integer: boolean, bcd = false): Emitter {
  return x87Call(X87Kind.numeric, (b, address) => {
    if (!hasMemoryOperand(b)) return `H.fldRegister(s, ${stOperand(b)})`;
    return `H.fldMemory(s, M, ${address}, ${bcd ? MemoryFormat.bcd : memoryFormat(b, integer)})`;
  });
}

/** FST FSTP (m32/m64/m80 or ST(i)), FIST FISTP FISTTP (`truncate`), FBSTP. */
function store(integer: boolean, popAfter: boolean, truncate = false, bcd = false): Emitter {
  return x87Call(X87Kind.numeric, (b, address) => {
    if (!hasMemoryOperand(b)) return `H.fstRegister(s, ${stOperand(b)}, ${popAfter})`;
    return `H.fstMemory(s, M, ${address}, ${bcd ? MemoryFormat.bcd : memoryFormat(b, integer)}, ${popAfter}, ${truncate})`;
  });
}

function constant(which: number): Emitter {
  return x87Call(X87Kind.numeric, () => `H.fldConstant(s, ${which})`);
}

/** FCMOVcc: the condition is one of the status flags' conditions. */
function conditionalMove(cc: number): Emitter {
  return x87Call(X87Kind.numeric, (b) => `H.fcmov(s, ${stOperand(b)}, ${condition(b, cc)})`);
}

/** fld fild fbld fst fstp fist fistp fisttp fbstp, the constants, fxch fcmovcc */
export const x87TransferOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Fld]: load(false),
    [Mnemonic.Fild]: load(true),
    [Mnemonic.Fbld]: load(false, true),
    [Mnemonic.Fst]: store(false, false),
    [Mnemonic.Fstp]: store(false, true),
    [Mnemonic.Fstpnce]: x87Call(X87Kind.numeric, (b) => `H.fstpNoUnderflow(s, ${stOperand(b)})`),
    [Mnemonic.Fist]: store(true, false),
    [Mnemonic.Fistp]: store(true, true),
    [Mnemonic.Fisttp]: store(true, true, true),
    [Mnemonic.Fbstp]: store(false, true, false, true),
    [Mnemonic.Fld1]: constant(Constant.one),
    [Mnemonic.Fldl2t]: constant(Constant.log2Ten),
    [Mnemonic.Fldl2e]: constant(Constant.log2E),
    [Mnemonic.Fldpi]: constant(Constant.pi),
    [Mnemonic.Fldlg2]: constant(Constant.log10Two),
    [Mnemonic.Fldln2]: constant(Constant.lnTwo),
    [Mnemonic.Fldz]: constant(Constant.zero),
    [Mnemonic.Fxch]: x87Call(X87Kind.numeric, (b) => `H.fxch(s, ${stOperand(b)})`),
    [Mnemonic.Fcmovb]: conditionalMove(ConditionCode.b),
    [Mnemonic.Fcmove]: conditionalMove(ConditionCode.e),
    [Mnemonic.Fcmovbe]: conditionalMove(ConditionCode.be),
    [Mnemonic.Fcmovu]: conditionalMove(ConditionCode.p),
    [Mnemonic.Fcmovnb]: conditionalMove(ConditionCode.ae),
    [Mnemonic.Fcmovne]: conditionalMove(ConditionCode.ne),
    [Mnemonic.Fcmovnbe]: conditionalMove(ConditionCode.a),
    [Mnemonic.Fcmovnu]: conditionalMove(ConditionCode.np),
  },
};
