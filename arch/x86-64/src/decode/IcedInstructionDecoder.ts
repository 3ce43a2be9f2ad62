import { type DecodedInstruction, type FlowKind, type InstructionDecoder } from '@ubp/core';
import { decodeX86 } from './decodeX86.js';
import { formatX86 } from './formatX86.js';
import { FlowControl } from './iced.js';
import { OperandKind, type X86Insn } from './X86Insn.js';

function flowOf(insn: X86Insn): FlowKind {
  const indirect = insn.operands[0]?.kind !== OperandKind.Branch;
  switch (insn.flow) {
    case FlowControl.UnconditionalBranch:
      return 'jump';
    case FlowControl.IndirectBranch:
      return 'indirect-jump';
    case FlowControl.ConditionalBranch:
      return 'conditional-jump';
    case FlowControl.Return:
      return 'return';
    case FlowControl.Call:
      return 'call';
    case FlowControl.IndirectCall:
      return indirect ? 'indirect-call' : 'call';
    case FlowControl.Interrupt:
      return insn.bytes[0] === 0x0f ? 'syscall' : 'interrupt';
    case FlowControl.Exception:
      return 'exception';
    default:
      return 'next';
  }
}

/** The decode facet of x86-64, through iced-x86. */
export class IcedInstructionDecoder implements InstructionDecoder {
  decode(bytes: Uint8Array, address: number): DecodedInstruction | undefined {
    const { instructions } = decodeX86(bytes, address, 1, () => true);
    const insn = instructions[0];
    if (insn === undefined) return undefined;
    const decoded: DecodedInstruction = {
      address,
      length: insn.length,
      bytes: insn.bytes,
      text: formatX86(insn.bytes, address),
      mnemonic: formatX86(insn.bytes, address).split(' ')[0] ?? '',
      flow: flowOf(insn),
      ...(insn.operands.some((o) => o.kind === OperandKind.Branch) ? { target: insn.target } : {}),
      ...(insn.ripRelative ? { pcRelativeAddress: insn.displacement } : {}),
    };
    return decoded;
  }
}
