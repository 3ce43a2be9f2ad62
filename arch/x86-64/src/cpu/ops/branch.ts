import { Mnemonic } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { indirectTarget } from '../codegen/branchTarget.js';
import { condition } from '../codegen/flags.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';

const RCX_LO = 'R[2]';
const RCX_HI = 'R[3]';

const jmp: Emitter = (b) => {
  const insn = b.insn;
  b.exitTo(insn.operands[0]!.kind === OperandKind.Branch ? String(insn.target) : indirectTarget(b));
};

const jcc: Emitter = (b) => {
  b.exitTo(`(${condition(b, b.insn.condition)} ? ${b.insn.target} : ${b.insn.next})`);
};

/** Decrements RCX (ECX with a 0x67 prefix) without touching flags and returns "the counter is not zero". */
function decrementCounter(b: BlockBuilder): string {
  if (b.insn.address32) {
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
