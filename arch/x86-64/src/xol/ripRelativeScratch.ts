import { Decoder, Instruction, InstructionInfoFactory, RegisterExt } from '../decode/iced.js';
import { DECODER_OPTIONS } from '../decode/decodeX86.js';
import { icedAddress } from '../decode/ipOf.js';
import { type X86Insn } from '../decode/X86Insn.js';
import { opcodeOf } from '../analyze/opcodeOf.js';

/** The kernel's order of preference: rsi, rdi, rbx (never rsp or rbp; rax/rcx/rdx are often implicit). */
const CANDIDATES = [6, 7, 3];

interface Rewrite {
  readonly scratch: number;
  readonly modrmOffset: number;
}

const rewrites = new WeakMap<X86Insn, Rewrite | undefined>();

/** Where the ModRM byte is and which candidate the instruction leaves alone (reads nor writes). */
function rewriteOf(insn: X86Insn): Rewrite | undefined {
  if (rewrites.has(insn)) return rewrites.get(insn);
  const decoder = new Decoder(64, insn.bytes, DECODER_OPTIONS);
  const instruction = new Instruction();
  const factory = new InstructionInfoFactory();
  let rewrite: Rewrite | undefined;
  try {
    decoder.ip = icedAddress(insn.address);
    decoder.decodeOut(instruction);
    const offsets = decoder.getConstantOffsets(instruction);
    const info = factory.info(instruction);
    const used = new Set<number>();
    for (const register of info.usedRegisters()) {
      if (RegisterExt.isGPR(register.register)) used.add(RegisterExt.number(RegisterExt.fullRegister(register.register)));
      register.free();
    }
    const scratch = CANDIDATES.find((r) => !used.has(r));
    if (scratch !== undefined && offsets.hasDisplacement) rewrite = { scratch, modrmOffset: offsets.displacementOffset - 1 };
    offsets.free();
    info.free();
  } finally {
    factory.free();
    instruction.free();
    decoder.free();
  }
  rewrites.set(insn, rewrite);
  return rewrite;
}

/** The scratch register a RIP-relative rewrite of `insn` uses (GPR number). */
export function scratchRegisterOf(insn: X86Insn): number {
  const rewrite = rewriteOf(insn);
  if (rewrite === undefined) throw new Error('no scratch register for a RIP-relative rewrite');
  return rewrite.scratch;
}

/**
 * riprel_analyze: turns `disp32(%rip)` into `disp32(%scratch)` with the same length, so the copy
 * reaches the original target once the scratch register holds the original next address.
 * ModRM 00 reg 101 becomes 10 reg scratch, and REX.B is cleared. Undefined for VEX/EVEX forms,
 * which the CPU does not implement, and when no scratch register is free.
 */
export function useScratchRegister(insn: X86Insn): Uint8Array | undefined {
  const rewrite = rewriteOf(insn);
  const { prefixes } = opcodeOf(insn.bytes);
  if (rewrite === undefined || [0xc4, 0xc5, 0x62].includes(insn.bytes[prefixes.length] ?? 0)) return undefined;
  const copy = insn.bytes.slice();
  const rex = prefixes.length > 0 && (prefixes[prefixes.length - 1]! & 0xf0) === 0x40 ? prefixes.length - 1 : -1;
  if (rex >= 0) copy[rex] = copy[rex]! & ~0x01;
  const modrm = copy[rewrite.modrmOffset]!;
  copy[rewrite.modrmOffset] = 0x80 | (modrm & 0x38) | (rewrite.scratch & 7);
  return copy;
}
