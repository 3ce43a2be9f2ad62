import { fromIcedAddress } from './ipOf.js';
import { CodeExt, type Instruction, MemorySizeExt, OpKind, Register, RegisterExt } from './iced.js';
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
      return { kind: OperandKind.Branch, register: Register.None, size: kind === OpKind.NearBranch16 ? 2 : kind === OpKind.NearBranch32 ? 4 : 8 };
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

/**
 * Bases that address through SS. In 64-bit mode the processor ignores CS/DS/ES/SS overrides, so
 * only the base decides (R12 and R13 are DS); an FS or GS override does change the segment.
 */
const STACK_BASES = new Set<Register>([Register.RSP, Register.RBP]);

/** The implicit operands of string instructions and MASKMOVDQU addressed through ESI/EDI (a 0x67 prefix). */
const STRING_OPERANDS_32 = new Set<number>([OpKind.MemorySegESI, OpKind.MemorySegEDI, OpKind.MemoryESEDI]);

/** Address size a form requires (LOOPcc and JECXZ count in ECX with it), by Code: iced's op-code info is a wasm object. */
const requiredAddressSizes = new Map<number, number>();

function requiredAddressSize(code: number): number {
  let size = requiredAddressSizes.get(code);
  if (size === undefined) {
    const info = CodeExt.opCode(code);
    size = info.addressSize;
    info.free();
    requiredAddressSizes.set(code, size);
  }
  return size;
}

/**
 * Whether the instruction addresses with 32 bits (a 0x67 prefix): for a ModRM or moffs operand, a
 * 32-bit base or index or a 32-bit displacement alone; string registers ESI/EDI; a counter in ECX.
 */
function addressSize32(instruction: Instruction, hasMemory: boolean): boolean {
  if (hasMemory) return RegisterExt.isGPR32(instruction.memoryBase) || RegisterExt.isGPR32(instruction.memoryIndex) || instruction.memoryDisplSize === 4;
  for (let i = 0; i < instruction.opCount; i++) if (STRING_OPERANDS_32.has(instruction.opKind(i))) return true;
  return requiredAddressSize(instruction.code) === 32;
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
  const address = fromIcedAddress(instruction.ip);
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
    displacement: hasMemory ? (ripRelative ? fromIcedAddress(instruction.ipRelMemoryAddress) : fromIcedAddress(instruction.memoryDisplacement)) : 0,
    ripRelative,
    segment,
    stackSegment: hasMemory && segment === SegmentBase.None && STACK_BASES.has(RegisterExt.fullRegister(instruction.memoryBase)),
    address32: addressSize32(instruction, hasMemory),
    memSize: hasMemory || operands.some((o) => o.kind === OperandKind.StringMemory) ? MemorySizeExt.size(instruction.memorySize) : 0,
    imm: Number(immediate & 0xffffffffn) | 0,
    immHi: Number(immediate >> 32n) | 0,
    imm2: imm2Index >= 0 ? Number(BigInt.asUintN(64, instruction.immediate(imm2Index)) & 0xffffffffn) | 0 : 0,
    target: hasBranch ? fromIcedAddress(instruction.nearBranch64) : 0,
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
