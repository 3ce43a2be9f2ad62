import { Code, Mnemonic } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { joinNumber } from '../codegen/arithmetic64.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { canonicalTarget } from '../codegen/branchTarget.js';
import { condition } from '../codegen/flags.js';
import { readOperand64 } from '../codegen/operands.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';

const RCX_LO = 'R[2]';
const RCX_HI = 'R[3]';

const jmp: Emitter = (b) => {
  const insn = b.insn;
  if (insn.operands[0]!.kind === OperandKind.Branch) b.exitTo(String(insn.target));
  else b.exitTo(canonicalTarget(b, joinNumber(readOperand64(b, 0))));
};

const jcc: Emitter = (b) => {
  b.exitTo(`(${condition(b, b.insn.condition)} ? ${b.insn.target} : ${b.insn.next})`);
};

/** LOOPcc forms with a 0x67 prefix: they count in ECX (X86Insn.address32 only describes memory operands). */
const COUNTS_ECX = new Set<number>([
  Code.Loop_rel8_16_ECX,
  Code.Loop_rel8_64_ECX,
  Code.Loope_rel8_16_ECX,
  Code.Loope_rel8_64_ECX,
  Code.Loopne_rel8_16_ECX,
  Code.Loopne_rel8_64_ECX,
]);

/** Decrements RCX (ECX with a 0x67 prefix) without touching flags and returns "the counter is not zero". */
function decrementCounter(b: BlockBuilder): string {
  if (COUNTS_ECX.has(b.insn.code)) {
    b.line(`${RCX_LO} = ${RCX_LO} - 1; ${RCX_HI} = 0;`);
    return `(${RCX_LO} !== 0)`;
  }
  b.line(`if (${RCX_LO} === 0) ${RCX_HI} = ${RCX_HI} - 1 | 0;`);
  b.line(`${RCX_LO} = ${RCX_LO} - 1 | 0;`);
  return `((${RCX_LO} | ${RCX_HI}) !== 0)`;
}

function loop(extra?: 'e' | 'ne'): Emitter {
  return (b) => {
    const zeroFlag = extra === undefined ? '' : extra === 'e' ? ` && ${condition(b, 5)}` : ` && ${condition(b, 6)}`;
    const counting = b.temp(decrementCounter(b));
    b.exitTo(`(${counting}${zeroFlag} ? ${b.insn.target} : ${b.insn.next})`);
  };
}

const jrcxz: Emitter = (b) => {
  const zero = b.insn.mnemonic === Mnemonic.Jecxz ? `${RCX_LO} === 0` : `(${RCX_LO} | ${RCX_HI}) === 0`;
  b.exitTo(`(${zero} ? ${b.insn.target} : ${b.insn.next})`);
};

const JCC = [Mnemonic.Jo, Mnemonic.Jno, Mnemonic.Jb, Mnemonic.Jae, Mnemonic.Je, Mnemonic.Jne, Mnemonic.Jbe, Mnemonic.Ja, Mnemonic.Js, Mnemonic.Jns, Mnemonic.Jp, Mnemonic.Jnp, Mnemonic.Jl, Mnemonic.Jge, Mnemonic.Jle, Mnemonic.Jg];

/** jmp jcc loop loope loopne jrcxz jecxz */
export const branchOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Jmp]: jmp,
    ...Object.fromEntries(JCC.map((m) => [m, jcc])),
    [Mnemonic.Loop]: loop(),
    [Mnemonic.Loope]: loop('e'),
    [Mnemonic.Loopne]: loop('ne'),
    [Mnemonic.Jrcxz]: jrcxz,
    [Mnemonic.Jecxz]: jrcxz,
  },
};
