import { type Instruction, MemorySizeExt, OpKind, Register, RegisterExt } from './iced.js';
import { OperandKind, SegmentBase, type X86Insn, type X86Operand } from './X86Insn.js';

function gprNumber(register: Register): number {
  if (register === Register.None || register === Register.RIP || register === Register.EIP) return -1;
  return RegisterExt.number(RegisterExt.fullRegister(register));
}

function operandOf(instruction: Instruction, index: number): X86Operand {
  const kind = instruction.opKind(index);
  switch (kind) {
    case OpKind.Register: {
      const register = instruction.opRegister(index);
      return { kind: OperandKind.Register, register, size: RegisterExt.size(register) };
    }
    case OpKind.Memory:
      return { kind: OperandKind.Memory, register: Register.None, size: MemorySizeExt.size(instruction.memorySize) };
    case OpKind.NearBranch16:
    case OpKind.NearBranch32:
    case OpKind.NearBranch64:
      return { kind: OperandKind.Branch, register: Register.None, size: 8 };
    case OpKind.Immediate8:
    case OpKind.Immediate8_2nd:
    case OpKind.Immediate8to16:
    case OpKind.Immediate8to32:
    case OpKind.Immediate8to64:
      return { kind: OperandKind.Immediate, register: Register.None, size: 1 };
    case OpKind.Immediate16:
      return { kind: OperandKind.Immediate, register: Register.None, size: 2 };
    case OpKind.Immediate32:
    case OpKind.Immediate32to64:
      return { kind: OperandKind.Immediate, register: Register.None, size: 4 };
    case OpKind.Immediate64:
      return { kind: OperandKind.Immediate, register: Register.None, size: 8 };
    default:
      return { kind: OperandKind.StringMemory, register: Register.None, size: MemorySizeExt.size(instruction.memorySize) };
  }
}

function immediateIndex(instruction: Instruction, first: boolean): number {
  let seen = false;
  for (let i = 0; i < instruction.opCount; i++) {
    const kind = instruction.opKind(i);
    if (kind >= OpKind.Immediate8 && kind <= OpKind.Immediate32to64) {
      if (first || seen) return i;
      seen = true;
    }
  }
  return -1;
}

function signed64(value: bigint): number {
  return Number(BigInt.asIntN(64, value));
}

/** Copies everything the CPU and the facets need out of an iced instruction. */
export function toX86Insn(instruction: Instruction, bytes: Uint8Array): X86Insn {
  const operands: X86Operand[] = [];
  for (let i = 0; i < instruction.opCount; i++) operands.push(operandOf(instruction, i));
  const immIndex = immediateIndex(instruction, true);
  const imm2Index = immediateIndex(instruction, false);
  const immediate = immIndex >= 0 ? BigInt.asUintN(64, instruction.immediate(immIndex)) : 0n;
  const hasMemory = operands.some((o) => o.kind === OperandKind.Memory);
  const ripRelative = hasMemory && instruction.isIpRelMemoryOperand;
  const segment = instruction.memorySegment === Register.FS ? SegmentBase.Fs : instruction.memorySegment === Register.GS ? SegmentBase.Gs : SegmentBase.None;
  const address = Number(instruction.ip);
  const hasBranch = operands.some((o) => o.kind === OperandKind.Branch);
  return {
    address,
    length: instruction.length,
    next: address + instruction.length,
    bytes,
    code: instruction.code,
    mnemonic: instruction.mnemonic,
    operands,
    memBase: hasMemory ? gprNumber(instruction.memoryBase) : -1,
    memIndex: hasMemory ? gprNumber(instruction.memoryIndex) : -1,
    memScale: hasMemory ? instruction.memoryIndexScale : 1,
    displacement: hasMemory ? (ripRelative ? signed64(instruction.ipRelMemoryAddress) : signed64(instruction.memoryDisplacement)) : 0,
    ripRelative,
    segment,
    address32: hasMemory && RegisterExt.isGPR32(instruction.memoryBase === Register.None ? instruction.memoryIndex : instruction.memoryBase),
    memSize: hasMemory || operands.some((o) => o.kind === OperandKind.StringMemory) ? MemorySizeExt.size(instruction.memorySize) : 0,
    imm: Number(immediate & 0xffffffffn) | 0,
    immHi: Number(immediate >> 32n) | 0,
    imm2: imm2Index >= 0 ? Number(BigInt.asUintN(64, instruction.immediate(imm2Index)) & 0xffffffffn) | 0 : 0,
    target: hasBranch ? signed64(instruction.nearBranch64) : 0,
    rep: instruction.hasRepPrefix || instruction.hasRepePrefix,
    repne: instruction.hasRepnePrefix,
    lock: instruction.hasLockPrefix,
    condition: instruction.conditionCode,
    flagsRead: instruction.rflagsRead,
    flagsModified: instruction.rflagsModified,
    flow: instruction.flowControl,
    stackInstruction: instruction.isStackInstruction,
    stackDelta: instruction.stackPointerIncrement,
  };
}
