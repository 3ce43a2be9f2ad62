import { OperandKind } from '../../decode/X86Insn.js';
import { type BlockBuilder } from './BlockBuilder.js';
import { effectiveAddress, readMemory, readMemory64, writeMemory, writeMemory64 } from './memory.js';
import { type Pair } from './Pair.js';
import { readGpr, readGpr64, writeGpr, writeGpr64 } from './registers.js';
import { narrow } from './widths.js';

/** Operand `k` of the current instruction as a normalised narrow value of `bits` width. */
export function readOperand(b: BlockBuilder, k: number, bits: number): string {
  const op = b.insn.operands[k]!;
  switch (op.kind) {
    case OperandKind.Register:
      return readGpr(b, op.register);
    case OperandKind.Memory:
      if (op.size * 8 !== bits) throw new Error(`memory operand of ${op.size} bytes read as ${bits} bits`);
      return readMemory(b, effectiveAddress(b), bits);
    case OperandKind.Immediate:
      return String(bits === 32 ? b.insn.imm : b.insn.imm & (bits === 8 ? 0xff : 0xffff));
    default:
      throw new Error(`operand ${k} of kind ${op.kind} cannot be read as a value`);
  }
}

export function readOperand64(b: BlockBuilder, k: number): Pair {
  const op = b.insn.operands[k]!;
  switch (op.kind) {
    case OperandKind.Register:
      return readGpr64(b, op.register);
    case OperandKind.Memory:
      if (op.size !== 8) throw new Error(`memory operand of ${op.size} bytes read as 64 bits`);
      return readMemory64(b, effectiveAddress(b));
    case OperandKind.Immediate:
      return { lo: String(b.insn.imm), hi: String(b.insn.immHi) };
    default:
      throw new Error(`operand ${k} of kind ${op.kind} cannot be read as a value`);
  }
}

export function writeOperand(b: BlockBuilder, k: number, bits: number, value: string): void {
  const op = b.insn.operands[k]!;
  if (op.kind === OperandKind.Register) writeGpr(b, op.register, value);
  else if (op.kind === OperandKind.Memory) writeMemory(b, effectiveAddress(b), bits, value);
  else throw new Error(`operand ${k} of kind ${op.kind} cannot be written`);
}

export function writeOperand64(b: BlockBuilder, k: number, value: Pair): void {
  const op = b.insn.operands[k]!;
  if (op.kind === OperandKind.Register) writeGpr64(b, op.register, value);
  else if (op.kind === OperandKind.Memory) writeMemory64(b, effectiveAddress(b), value);
  else throw new Error(`operand ${k} of kind ${op.kind} cannot be written`);
}

/** Width in bits of operand `k` (for memory, the memory operand size). */
export function operandBits(b: BlockBuilder, k: number): number {
  return b.insn.operands[k]!.size * 8;
}

export function isMemoryOperand(b: BlockBuilder, k: number): boolean {
  return b.insn.operands[k]!.kind === OperandKind.Memory;
}

/** A narrow value sign- or zero-extended from `from` bits to a normalised value of `to` bits (to ≤ 32). */
export function extend(value: string, from: number, to: number, signExtend: boolean): string {
  if (!signExtend || from === to) return narrow(value, to);
  const shift = 32 - from;
  return narrow(`(${value} << ${shift}) >> ${shift}`, to);
}
