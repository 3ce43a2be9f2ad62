import { Mnemonic, OperandKind, type X86Insn } from '@ubp/arch-x86-64';
import { type IsaState } from './support/IsaState.js';

/**
 * THE table of what the manuals leave undefined, per instruction: the harness does not compare
 * these outputs between the host and the emulator. Everything not listed here is compared.
 *
 * Sources: Intel SDM vol. 2 (each instruction's "Flags Affected" and "Operation"), AMD APM
 * vol. 3 (each instruction's flags table, where "U" marks undefined). A flag is listed when
 * either manual calls it undefined. Where the two manuals define a result differently, the host
 * (AMD) is the oracle and nothing is masked: BSF/BSR with a zero source leave the destination
 * unchanged on AMD, so it is compared.
 *
 * | instruction                 | undefined                                                        |
 * |-----------------------------|------------------------------------------------------------------|
 * | AND OR XOR TEST             | AF                                                               |
 * | MUL IMUL                    | SF ZF AF PF                                                      |
 * | DIV IDIV                    | CF OF SF ZF AF PF                                                |
 * | BSF BSR                     | CF OF SF AF PF                                                   |
 * | BT BTS BTR BTC              | OF SF AF PF                                                      |
 * | TZCNT LZCNT                 | OF SF AF PF                                                      |
 * | SHL SAL SHR SAR             | masked count ≥ 1: AF; > 1: OF; SHL/SHR count ≥ width: CF too     |
 * | ROL ROR RCL RCR             | masked count > 1: OF (count 0 changes no flag)                   |
 * | SHLD SHRD                   | masked count ≥ 1: AF; > 1: OF; > width (16-bit): all six and the |
 * |                             | destination                                                      |
 *
 * The masked count is the count AND 31 (AND 63 for 64-bit operands). A masked count of 0
 * changes no flag, so nothing is undefined then.
 *
 * The x87 condition codes the manuals leave undefined ("FPU Flags Affected" in the SDM, the
 * x87 flag tables of the APM vol. 5) are left out of the x87 status word compared:
 *
 * | instruction                                                     | undefined          |
 * |-----------------------------------------------------------------|--------------------|
 * | FLD FILD FBLD FLD1 FLDZ FLDPI FLDL2E FLDL2T FLDLG2 FLDLN2       | C0 C2 C3           |
 * | FST FSTP FIST FISTP FISTTP FBSTP FXCH FCMOVcc FINCSTP FDECSTP   | C0 C2 C3           |
 * | FADD FSUB FSUBR FMUL FDIV FDIVR (and their P and I forms)       | C0 C2 C3           |
 * | FCHS FABS FSQRT FRNDINT FSCALE FXTRACT F2XM1 FYL2X FYL2XP1      | C0 C2 C3           |
 * | FPATAN                                                          | C0 C2 C3           |
 * | FSIN FCOS FSINCOS FPTAN                                         | C0 C3              |
 * | FFREE FFREEP FNOP FWAIT FLDCW FNSTCW FNSTSW FNSTENV FNCLEX      | C0 C1 C2 C3        |
 *
 * This host leaves every undefined condition code unchanged, and so does the model (FCOMI and
 * FUCOMI, whose C0 C2 C3 are "not affected", are compared).
 */

const CF = 0x001;
const PF = 0x004;
const AF = 0x010;
const ZF = 0x040;
const SF = 0x080;
const OF = 0x800;
const ALL = CF | PF | AF | ZF | SF | OF;

/** What one execution of an instruction leaves undefined. */
export interface Undefined {
  /** RFLAGS bits not compared. */
  readonly flags: number;
  /** x87 status word bits not compared (condition codes). */
  readonly x87Status: number;
  /** Whether the destination (operand 0) is not compared either. */
  readonly destination: boolean;
}

interface Operation {
  readonly bits: number;
  /** The masked shift/rotate count, for the instructions that have one. */
  readonly count: number;
}

type Rule = (op: Operation) => Undefined;

const DEFINED: Undefined = { flags: 0, x87Status: 0, destination: false };

function always(flags: number): Rule {
  return () => ({ flags, x87Status: 0, destination: false });
}

function shift(canLoseCarry: boolean): Rule {
  return ({ bits, count }) => {
    if (count === 0) return DEFINED;
    const carry = canLoseCarry && count >= bits ? CF : 0;
    return { flags: AF | (count > 1 ? OF : 0) | carry, x87Status: 0, destination: false };
  };
}

const rotate: Rule = ({ count }) => ({ flags: count > 1 ? OF : 0, x87Status: 0, destination: false });

const doubleShift: Rule = ({ bits, count }) => {
  if (count === 0) return DEFINED;
  if (count > bits) return { flags: ALL, x87Status: 0, destination: true };
  return { flags: AF | (count > 1 ? OF : 0), x87Status: 0, destination: false };
};

const C0 = 0x0100;
const C1 = 0x0200;
const C2 = 0x0400;
const C3 = 0x4000;

function conditionCodes(x87Status: number, mnemonics: readonly number[]): Array<readonly [number, Rule]> {
  const rule: Rule = () => ({ flags: 0, x87Status, destination: false });
  return mnemonics.map((m) => [m, rule] as const);
}

const X87_RULES: Array<readonly [number, Rule]> = [
  ...conditionCodes(C0 | C2 | C3, [
    Mnemonic.Fld, Mnemonic.Fild, Mnemonic.Fbld, Mnemonic.Fld1, Mnemonic.Fldz, Mnemonic.Fldpi, Mnemonic.Fldl2e, Mnemonic.Fldl2t,
    Mnemonic.Fldlg2, Mnemonic.Fldln2, Mnemonic.Fst, Mnemonic.Fstp, Mnemonic.Fstpnce, Mnemonic.Fist, Mnemonic.Fistp, Mnemonic.Fisttp,
    Mnemonic.Fbstp, Mnemonic.Fxch, Mnemonic.Fcmovb, Mnemonic.Fcmove, Mnemonic.Fcmovbe, Mnemonic.Fcmovu, Mnemonic.Fcmovnb,
    Mnemonic.Fcmovne, Mnemonic.Fcmovnbe, Mnemonic.Fcmovnu, Mnemonic.Fincstp, Mnemonic.Fdecstp, Mnemonic.Fadd, Mnemonic.Faddp,
    Mnemonic.Fiadd, Mnemonic.Fsub, Mnemonic.Fsubp, Mnemonic.Fisub, Mnemonic.Fsubr, Mnemonic.Fsubrp, Mnemonic.Fisubr, Mnemonic.Fmul,
    Mnemonic.Fmulp, Mnemonic.Fimul, Mnemonic.Fdiv, Mnemonic.Fdivp, Mnemonic.Fidiv, Mnemonic.Fdivr, Mnemonic.Fdivrp, Mnemonic.Fidivr,
    Mnemonic.Fchs, Mnemonic.Fabs, Mnemonic.Fsqrt, Mnemonic.Frndint, Mnemonic.Fscale, Mnemonic.Fxtract, Mnemonic.F2xm1,
    Mnemonic.Fyl2x, Mnemonic.Fyl2xp1, Mnemonic.Fpatan,
  ]),
  ...conditionCodes(C0 | C3, [Mnemonic.Fsin, Mnemonic.Fcos, Mnemonic.Fsincos, Mnemonic.Fptan]),
  ...conditionCodes(C0 | C1 | C2 | C3, [
    Mnemonic.Ffree, Mnemonic.Ffreep, Mnemonic.Fnop, Mnemonic.Wait, Mnemonic.Fldcw, Mnemonic.Fnstcw, Mnemonic.Fstcw, Mnemonic.Fnstsw,
    Mnemonic.Fstsw, Mnemonic.Fnstenv, Mnemonic.Fstenv, Mnemonic.Fnclex, Mnemonic.Fclex,
  ]),
];

const RULES = new Map<number, Rule>([
  [Mnemonic.And, always(AF)],
  [Mnemonic.Or, always(AF)],
  [Mnemonic.Xor, always(AF)],
  [Mnemonic.Test, always(AF)],
  [Mnemonic.Mul, always(SF | ZF | AF | PF)],
  [Mnemonic.Imul, always(SF | ZF | AF | PF)],
  [Mnemonic.Div, always(ALL)],
  [Mnemonic.Idiv, always(ALL)],
  [Mnemonic.Bsf, always(CF | OF | SF | AF | PF)],
  [Mnemonic.Bsr, always(CF | OF | SF | AF | PF)],
  [Mnemonic.Bt, always(OF | SF | AF | PF)],
  [Mnemonic.Bts, always(OF | SF | AF | PF)],
  [Mnemonic.Btr, always(OF | SF | AF | PF)],
  [Mnemonic.Btc, always(OF | SF | AF | PF)],
  [Mnemonic.Tzcnt, always(OF | SF | AF | PF)],
  [Mnemonic.Lzcnt, always(OF | SF | AF | PF)],
  [Mnemonic.Shl, shift(true)],
  [Mnemonic.Sal, shift(true)],
  [Mnemonic.Shr, shift(true)],
  [Mnemonic.Sar, shift(false)],
  [Mnemonic.Rol, rotate],
  [Mnemonic.Ror, rotate],
  [Mnemonic.Rcl, rotate],
  [Mnemonic.Rcr, rotate],
  [Mnemonic.Shld, doubleShift],
  [Mnemonic.Shrd, doubleShift],
  ...X87_RULES,
]);

const RCX = 1;

/** The masked count of a shift or rotate: its last operand, CL or an immediate (1 for the D0/D1 forms). */
function maskedCount(insn: X86Insn, state: IsaState, bits: number): number {
  const last = insn.operands[insn.operands.length - 1];
  const raw = last?.kind === OperandKind.Register ? Number(state.gpr[RCX]! & 0xffn) : insn.imm & 0xff;
  return raw & (bits === 64 ? 63 : 31);
}

/** What `insn`, run from `state`, leaves undefined. */
export function undefinedOutputs(insn: X86Insn, state: IsaState): Undefined {
  const rule = RULES.get(insn.mnemonic);
  if (rule === undefined) return DEFINED;
  const bits = (insn.operands[0]?.size ?? 0) * 8;
  return rule({ bits, count: maskedCount(insn, state, bits) });
}
