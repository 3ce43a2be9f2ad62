import { Mnemonic } from '../../decode/iced.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { Arithmetic } from '../runtime/x87/arithmetic.js';
import { hasMemoryOperand, memoryFormat, stOperand, x87Call, x87Helper, X87Kind } from './x87.js';

/**
 * FADD FMUL FSUB FSUBR FDIV FDIVR: ST(0) op m32/m64 (or m16int/m32int for the FI forms), or
 * between ST(0) and ST(i) in either direction, the P forms popping after.
 */
function arithmetic(op: number, integer: boolean, popAfter = false): Emitter {
  return x87Call(X87Kind.numeric, (b, address) => {
    if (hasMemoryOperand(b)) return `H.fpuArithmeticMemory(s, M, ${address}, ${op}, ${memoryFormat(b, integer)})`;
    return `H.fpuArithmetic(s, ${op}, ${stOperand(b, 0)}, ${stOperand(b, 1)}, ${popAfter})`;
  });
}

/** The plain, popping (P) and integer (FI) mnemonics of one operation. */
function forms([plain, popping, integer]: readonly [number, number, number], op: number): Record<number, Emitter> {
  return { [plain]: arithmetic(op, false), [popping]: arithmetic(op, false, true), [integer]: arithmetic(op, true) };
}

/** fadd fsub fsubr fmul fdiv fdivr and their P and I forms, fchs fabs fsqrt frndint fscale fxtract fprem fprem1 */
export const x87ArithmeticOps: OpsGroup = {
  mnemonics: {
    ...forms([Mnemonic.Fadd, Mnemonic.Faddp, Mnemonic.Fiadd], Arithmetic.add),
    ...forms([Mnemonic.Fmul, Mnemonic.Fmulp, Mnemonic.Fimul], Arithmetic.multiply),
    ...forms([Mnemonic.Fsub, Mnemonic.Fsubp, Mnemonic.Fisub], Arithmetic.subtract),
    ...forms([Mnemonic.Fsubr, Mnemonic.Fsubrp, Mnemonic.Fisubr], Arithmetic.subtractReversed),
    ...forms([Mnemonic.Fdiv, Mnemonic.Fdivp, Mnemonic.Fidiv], Arithmetic.divide),
    ...forms([Mnemonic.Fdivr, Mnemonic.Fdivrp, Mnemonic.Fidivr], Arithmetic.divideReversed),
    [Mnemonic.Fchs]: x87Helper('fchs'),
    [Mnemonic.Fabs]: x87Helper('fabs'),
    [Mnemonic.Fsqrt]: x87Helper('fsqrt'),
    [Mnemonic.Frndint]: x87Helper('frndint'),
    [Mnemonic.Fscale]: x87Helper('fscale'),
    [Mnemonic.Fxtract]: x87Helper('fxtract'),
    [Mnemonic.Fprem]: x87Helper('fprem'),
    [Mnemonic.Fprem1]: x87Helper('fprem1'),
  },
};
