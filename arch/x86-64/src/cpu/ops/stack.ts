import { Code, Mnemonic, Register } from '../../decode/iced.js';
import { OperandKind } from '../../decode/X86Insn.js';
import { joinNumber } from '../codegen/arithmetic64.js';
import { type BlockBuilder } from '../codegen/BlockBuilder.js';
import { canonicalTarget, indirectTarget } from '../codegen/branchTarget.js';
import { effectiveAddress, readMemory, readMemory64, writeMemory, writeMemory64 } from '../codegen/memory.js';
import { readOperand, readOperand64, writeOperand, writeOperand64 } from '../codegen/operands.js';
import { pop16, pop64, probePush, push16, push64, setStackPointer, stackPointer } from '../codegen/stack.js';
import { readGpr, readSlot64, writeGpr, writeSlot64 } from '../codegen/registers.js';
import { type Emitter, type OpsGroup } from '../dispatch/Emitter.js';
import { RBP, RSP } from '../state/gprNames.js';

const push: Emitter = (b) => {
  if (b.insn.stackDelta === -2) {
    push16(b, readOperand(b, 0, 16));
    return;
  }
  push64(b, readOperand64(b, 0));
};

/**
 * POP to memory: the store may fault, and RSP must not have moved then. An RSP-based destination
 * address is computed with RSP already incremented, as the SDM specifies.
 */
function popToMemory(b: BlockBuilder, bytes: number): void {
  const sp = stackPointer(b);
  const after = `${sp} + ${bytes}`;
  if (b.insn.memBase === RSP) {
    setStackPointer(b, after);
    effectiveAddress(b);
    setStackPointer(b, sp);
  }
  if (bytes === 2) writeOperand(b, 0, 16, readMemory(b, sp, 16));
  else writeOperand64(b, 0, readMemory64(b, sp));
  setStackPointer(b, after);
}

/** POP to a register moves RSP first, so that POP RSP keeps the popped value. */
const pop: Emitter = (b) => {
  const bytes = b.insn.stackDelta === 2 ? 2 : 8;
  if (b.insn.operands[0]!.kind === OperandKind.Memory) popToMemory(b, bytes);
  else if (bytes === 2) writeOperand(b, 0, 16, pop16(b));
  else writeOperand64(b, 0, pop64(b));
};

/**
 * CALL with an operand-size prefix (AMD honours it) pushes the low 16 bits of the return address.
 * A push that would fault takes precedence over a non-canonical target on the host.
 */
const call: Emitter = (b) => {
  const insn = b.insn;
  const target = insn.operands[0]!.kind === OperandKind.Branch ? String(insn.target) : indirectTarget(b, probePush(8));
  const next = insn.next;
  if (insn.stackDelta === -2) push16(b, String(next & 0xffff));
  else push64(b, { lo: String(next | 0), hi: String(Math.floor(next / 4294967296)) });
  b.exitTo(target);
};

/**
 * RET checks the return address before RSP moves: a non-canonical one faults on the RET itself.
 * With an operand-size prefix it pops a 16-bit return address, zero-extended into RIP.
 */
const ret: Emitter = (b) => {
  const sp = stackPointer(b);
  const release = b.insn.operands.length > 0 ? b.insn.imm & 0xffff : 0;
  const narrow = b.insn.stackDelta - release === 2;
  const target = narrow ? readMemory(b, sp, 16) : canonicalTarget(b, joinNumber(readMemory64(b, sp)));
  setStackPointer(b, `${sp} + ${b.insn.stackDelta}`);
  b.exitTo(target);
};

/** LEAVE reads the saved frame pointer before changing anything; the 16-bit form restores BP only. */
const leave: Emitter = (b) => {
  const frame = b.temp(joinNumber(readSlot64(b, RBP)));
  if (b.insn.code === Code.Leavew) {
    const saved = readMemory(b, frame, 16);
    setStackPointer(b, `${frame} + 2`);
    writeGpr(b, Register.BP, saved);
  } else {
    const saved = readMemory64(b, frame);
    setStackPointer(b, `${frame} + 8`);
    writeSlot64(b, RBP, saved);
  }
};

/**
 * ENTER imm16, 0: the nesting-level form compilers never emit beyond level 0 is refused. The
 * processor stores the frame pointer, then probes the final stack pointer before it changes any
 * register: a frame reaching an unmapped page faults with the store done and RSP unchanged.
 */
const enter: Emitter = (b) => {
  if ((b.insn.imm2 & 0x1f) !== 0) throw new Error('ENTER with a nesting level');
  const narrow = b.insn.code === Code.Enterw_imm16_imm8;
  const pushed = narrow ? 2 : 8;
  const frame = b.temp(`${stackPointer(b)} - ${pushed}`);
  if (narrow) writeMemory(b, frame, 16, readGpr(b, Register.BP));
  else writeMemory64(b, frame, readSlot64(b, RBP));
  b.line(`M.checkWritable(${frame} - ${b.insn.imm & 0xffff}, 1);`);
  setStackPointer(b, frame);
  if (narrow) writeGpr(b, Register.BP, readGpr(b, Register.SP));
  else writeSlot64(b, RBP, readSlot64(b, RSP));
  setStackPointer(b, `${frame} - ${b.insn.imm & 0xffff}`);
};

/** push pop call ret leave enter */
export const stackOps: OpsGroup = {
  mnemonics: {
    [Mnemonic.Push]: push,
    [Mnemonic.Pop]: pop,
    [Mnemonic.Call]: call,
    [Mnemonic.Ret]: ret,
    [Mnemonic.Leave]: leave,
    [Mnemonic.Enter]: enter,
  },
};
