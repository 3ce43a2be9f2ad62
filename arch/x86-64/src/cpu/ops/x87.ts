import { Register } from '../../decode/iced.js';
import { OperandKind, SegmentBase, type X86Insn } from '../../decode/X86Insn.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { effectiveAddress } from '../codegen/memory.js';
import { type Emitter } from '../dispatch/Emitter.js';
import { MemoryFormat } from '../runtime/x87/memoryOperand.js';

/*
 * What the x87 emitters share. Each instruction is a call to a helper of runtime/x87/, framed by
 * what the x87 does around every instruction (Intel SDM vol. 1, 8.1.8 and 8.6):
 *
 * - a waiting instruction first checks for a pending unmasked exception, which faults (#MF) at
 *   it; FNINIT FNCLEX FNSTCW FNSTSW FNSTENV FNSAVE (and the ignored FNENI FNDISI FNSETPM) do not;
 * - a non-control instruction then records its address, opcode and data pointer, which FNSTENV
 *   and FNSAVE store; the control instructions (those above, FLDCW FLDENV FRSTOR FWAIT) do not.
 */

export const X87Kind = {
  /** Waits, and records the last-instruction pointers. */
  numeric: 0,
  /** Waits, records nothing. */
  control: 1,
  /** Neither waits nor records. */
  noWait: 2,
} as const;

export type X87KindValue = (typeof X87Kind)[keyof typeof X87Kind];

/** CS and SS of a 64-bit user task under Linux; DS, ES, FS and GS are null. */
const USER_CODE_SELECTOR = 0x33;
const USER_STACK_SELECTOR = 0x2b;

/** The register index i of the ST(i) operand (the last operand: ST(0) comes first in two-register forms). */
export function stOperand(b: BlockBuilder, k = b.insn.operands.length - 1): number {
  return b.insn.operands[k]!.register - Register.ST0;
}

export function hasMemoryOperand(b: BlockBuilder): boolean {
  return b.insn.operands.some((o) => o.kind === OperandKind.Memory);
}

const REAL_FORMATS: Readonly<Record<number, number>> = { 4: MemoryFormat.real32, 8: MemoryFormat.real64, 10: MemoryFormat.real80 };
const INTEGER_FORMATS: Readonly<Record<number, number>> = { 2: MemoryFormat.int16, 4: MemoryFormat.int32, 8: MemoryFormat.int64 };

/** The MemoryFormat of the instruction's memory operand: a real, or an integer for the FI... forms. */
export function memoryFormat(b: BlockBuilder, integer: boolean): number {
  const format = (integer ? INTEGER_FORMATS : REAL_FORMATS)[b.insn.memSize];
  if (format === undefined) throw new Error(`x87 memory operand of ${b.insn.memSize} bytes`);
  return format;
}

/** FOP: the low three bits of the escape opcode (D8-DF) above the ModRM byte. */
function lastOpcode(insn: X86Insn): number {
  const escape = insn.bytes.findIndex((byte) => (byte & 0xf8) === 0xd8);
  return ((insn.bytes[escape]! & 7) << 8) | insn.bytes[escape + 1]!;
}

/** The offset of the memory operand within its segment, which is what the data pointer holds. */
function segmentOffset(insn: X86Insn, address: string): string {
  if (insn.segment === SegmentBase.Fs) return `${address} - s.fsBase`;
  if (insn.segment === SegmentBase.Gs) return `${address} - s.gsBase`;
  return address;
}

function recordLastInstruction(b: BlockBuilder, address: string | undefined): void {
  const insn = b.insn;
  const x87 = b.temp('s.x87');
  b.line(`${x87}.lastInstruction = ${insn.address}; ${x87}.lastCodeSelector = ${USER_CODE_SELECTOR}; ${x87}.lastOpcode = ${lastOpcode(insn)};`);
  if (address === undefined) return;
  const selector = insn.stackSegment ? USER_STACK_SELECTOR : 0;
  b.line(`${x87}.lastDataOffset = ${segmentOffset(insn, address)}; ${x87}.lastDataSelector = ${selector};`);
}

/**
 * Emits an x87 instruction of `kind`: `body` emits its work, given the effective address of the
 * memory operand ('' when there is none).
 */
export function emitX87(b: BlockBuilder, kind: X87KindValue, body: (address: string) => void): void {
  const address = hasMemoryOperand(b) ? effectiveAddress(b) : undefined;
  if (kind !== X87Kind.noWait) {
    b.line(`if (s.x87.pendingExceptions !== 0) throw H.x87Pending(s.x87, ${b.insn.address});`);
  }
  body(address ?? '');
  if (kind === X87Kind.numeric) recordLastInstruction(b, address);
}

/** An instruction that is one helper call: `call` gives its expression, from the effective address if any. */
export function x87Call(kind: X87KindValue, call: (b: BlockBuilder, address: string) => string): Emitter {
  return (b) => emitX87(b, kind, (address) => b.line(`${call(b, address)};`));
}

/** A numeric instruction without operands: `H.name(s)`. */
export function x87Helper(name: string): Emitter {
  return x87Call(X87Kind.numeric, () => `H.${name}(s)`);
}
