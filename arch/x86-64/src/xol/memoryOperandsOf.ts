import { type MemoryAccess } from '@ubp/core';
import { Decoder, Instruction, InstructionInfoFactory, MemorySizeExt, Register, RegisterExt } from '../decode/iced.js';
import { DECODER_OPTIONS } from '../decode/decodeX86.js';
import { icedAddress } from '../decode/ipOf.js';
import { type X86Insn } from '../decode/X86Insn.js';
import { FlagBits } from '../cpu/state/FlagBits.js';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';

/** OpAccess values that write (iced): Write, CondWrite, ReadWrite, ReadCondWrite. */
const WRITES = new Set([3, 4, 5, 6]);

interface OperandTemplate {
  readonly base: number;
  readonly index: number;
  readonly scale: number;
  readonly displacement: number;
  readonly size: number;
  readonly write: boolean;
  readonly segment: number;
}

const templates = new WeakMap<X86Insn, OperandTemplate[] | undefined>();

function gpr(register: number): number {
  return register === Register.None ? -1 : RegisterExt.number(RegisterExt.fullRegister(register));
}

/** iced's list of the memory an instruction uses, explicit and implicit (stack, string registers). */
function templatesOf(insn: X86Insn): OperandTemplate[] | undefined {
  if (templates.has(insn)) return templates.get(insn);
  const decoder = new Decoder(64, insn.bytes, DECODER_OPTIONS);
  const instruction = new Instruction();
  const factory = new InstructionInfoFactory();
  let result: OperandTemplate[] | undefined = [];
  try {
    decoder.ip = icedAddress(insn.address);
    decoder.decodeOut(instruction);
    const info = factory.info(instruction);
    for (const used of info.usedMemory()) {
      if (instruction.isVsib) result = undefined;
      result?.push({
        base: gpr(used.base),
        index: gpr(used.index),
        scale: used.scale,
        displacement: Number(BigInt.asIntN(64, used.displacement)),
        size: MemorySizeExt.size(used.memorySize),
        write: WRITES.has(used.access),
        segment: used.segment,
      });
      used.free();
    }
    info.free();
  } finally {
    factory.free();
    instruction.free();
    decoder.free();
  }
  templates.set(insn, result);
  return result;
}

/**
 * The memory `insn` will touch with these registers: what the xol-kernel strategy checks against
 * the user address space before letting the instruction run at CPL2. String instructions with a
 * repeat prefix cover every element RCX counts, in the direction DF says.
 */
export function memoryOperandsOf(insn: X86Insn, s: X86RegisterFile): MemoryAccess[] | undefined {
  const list = templatesOf(insn);
  if (list === undefined) return undefined;
  const accesses: MemoryAccess[] = [];
  for (const t of list) {
    let address = t.displacement + (t.base >= 0 ? s.get64(t.base) : 0) + (t.index >= 0 ? s.get64(t.index) * t.scale : 0);
    if (t.segment === Register.FS) address += s.fsBase;
    else if (t.segment === Register.GS) address += s.gsBase;
    let length = t.size === 0 ? insn.memSize : t.size;
    if (insn.rep || insn.repne) {
      const count = insn.address32 ? s.r[2]! >>> 0 : s.get64(1);
      if (count === 0) continue;
      if ((s.control & FlagBits.DF) !== 0) address -= (count - 1) * length;
      length *= count;
    }
    accesses.push({ address, length, write: t.write });
  }
  return accesses;
}
