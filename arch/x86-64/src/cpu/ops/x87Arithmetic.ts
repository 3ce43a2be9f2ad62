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

/** fadd fsub fsubr fmul fdiv fdivr and their P and I forms, fchs fabs fsqrt frndint fscale fxtract fprem fprem1 */
export const x87ArithmeticOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Fadd]: arithmetic(Arithmetic.add, false),
    [Mnemonic.Faddp]: arithmetic(Arithmetic.add, false, true),
    [Mnemonic.Fiadd]: arithmetic(Arithmetic.add, true),
    [Mnemonic.Fmul]: arithmetic(Arithmetic.multiply, false),
    [Mnemonic.Fmulp]: arithmetic(Arithmetic.multiply, false, true),
    [Mnemonic.Fimul]: arithmetic(Arithmetic.multiply, true),
    [Mnemonic.Fsub]: arithmetic(Arithmetic.subtract, false),
    [Mnemonic.Fsubp]: arithmetic(Arithmetic.subtract, false, true),
    [Mnemonic.Fisub]: arithmetic(Arithmetic.subtract, true),
    [Mnemonic.Fsubr]: arithmetic(Arithmetic.subtractReversed, false),
    [Mnemonic.Fsubrp]: arithmetic(Arithmetic.subtractReversed, false, true),
    [Mnemonic.Fisubr]: arithmetic(Arithmetic.subtractReversed, true),
    [Mnemonic.Fdiv]: arithmetic(Arithmetic.divide, false),
    [Mnemonic.Fdivp]: arithmetic(Arithmetic.divide, false, true),
    [Mnemonic.Fidiv]: arithmetic(Arithmetic.divide, true),
    [Mnemonic.Fdivr]: arithmetic(Arithmetic.divideReversed, false),
    [Mnemonic.Fdivrp]: arithmetic(Arithmetic.divideReversed, false, true),
    [Mnemonic.Fidivr]: arithmetic(Arithmetic.divideReversed, true),
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
