import { type DecodedInstruction, type InstructionAnalysis, type InstructionAnalyzer, type XolFixup } from '@ubp/core';
import { emitterFor } from '../cpu/dispatch/dispatchTable.js';
import { cpuidFeaturesOf } from './cpuidFeaturesOf.js';
import { decodeX86 } from '../decode/decodeX86.js';
import { Mnemonic } from '../decode/iced.js';
import { type X86Insn } from '../decode/X86Insn.js';
import { REJECTED_ONE_BYTE, REJECTED_TWO_BYTE } from './kernelOpcodeVerdicts.js';
import { opcodeOf } from './opcodeOf.js';

/** What the x86 facets keep about an analysed instruction besides the arch-neutral verdict. */
export interface X86InstructionAnalysis extends InstructionAnalysis {
  readonly insn: X86Insn;
  /** The kind of simulation when `mode` is 'simulate'. */
  readonly simulation: 'nop' | 'jump' | 'call' | 'jcc' | 'push' | undefined;
}

const SEGMENT_PREFIXES = new Set([0x26, 0x2e, 0x36, 0x3e]);
const LOCK = 0xf0;
/** Group 15 (0f ae) forms that are ordinary user instructions, safe to step: see docs/strategies.md. */
const GROUP15_ACCEPTED = new Set<number>([Mnemonic.Fxsave, Mnemonic.Fxsave64, Mnemonic.Fxrstor, Mnemonic.Fxrstor64, Mnemonic.Ldmxcsr, Mnemonic.Stmxcsr, Mnemonic.Lfence, Mnemonic.Mfence, Mnemonic.Sfence, Mnemonic.Clflush]);

/**
 * uprobe_init_insn: the instruction-level reasons Linux refuses a probe. We apply the 2-byte table
 * as the kernel documents it, although current kernels never reach it (the one-byte table accepts
 * every 0x0f escape): see docs/strategies.md for the decision.
 */
function kernelRefusal(insn: X86Insn): string | undefined {
  const { prefixes, opcode, twoByte, modrm } = opcodeOf(insn.bytes);
  if (prefixes.some((p) => SEGMENT_PREFIXES.has(p))) return 'ES/CS/SS/DS segment-override prefix (is_prefix_bad)';
  if (prefixes.includes(LOCK)) return 'LOCK prefix (is_prefix_bad)';
  // insn_masking_exception: mov to SS holds off the next debug trap, which would defeat TF stepping.
  if (!twoByte && opcode === 0x8e && ((modrm ?? 0) & 0x38) === 0x10) return 'mov ss suppresses the next debug trap';
  if (!twoByte) return REJECTED_ONE_BYTE.get(opcode);
  if (opcode === 0xae) return GROUP15_ACCEPTED.has(insn.mnemonic) ? undefined : REJECTED_TWO_BYTE.get(opcode);
  return REJECTED_TWO_BYTE.get(opcode);
}

/** Branches Linux simulates (branch_xol_ops) refuse a 0x66 prefix: Intel and AMD disagree on it. */
const OPERAND_SIZE = 0x66;

function simulationOf(insn: X86Insn): X86InstructionAnalysis['simulation'] {
  const { opcode, twoByte, prefixes } = opcodeOf(insn.bytes);
  if (insn.mnemonic === Mnemonic.Nop) return 'nop';
  if (!twoByte && (opcode === 0xeb || opcode === 0xe9)) return 'jump';
  if (!twoByte && opcode === 0xe8) return 'call';
  if ((!twoByte && opcode >= 0x70 && opcode <= 0x7f) || (twoByte && opcode >= 0x80 && opcode <= 0x8f)) return 'jcc';
  // push_setup_xol_ops: push of a register, with no prefix or only REX.B.
  if (!twoByte && opcode >= 0x50 && opcode <= 0x57 && prefixes.every((p) => p === 0x41)) return 'push';
  return undefined;
}

/** arch_uprobe_analyze_insn's choice of fixups for an instruction that is single-stepped out of line. */
function fixupsOf(insn: X86Insn): XolFixup[] {
  const { opcode, twoByte } = opcodeOf(insn.bytes);
  const fixups: XolFixup[] = [];
  const modrmReg = insn.mnemonic === Mnemonic.Call || insn.mnemonic === Mnemonic.Jmp;
  const isReturn = !twoByte && (opcode === 0xc3 || opcode === 0xc2 || opcode === 0xcb || opcode === 0xca);
  const indirectJump = modrmReg && insn.mnemonic === Mnemonic.Jmp && !twoByte && opcode === 0xff;
  const indirectCall = modrmReg && insn.mnemonic === Mnemonic.Call && !twoByte && opcode === 0xff;
  // An indirect call or jump sets the IP absolutely; a call's pushed return address is what needs fixing.
  if (!isReturn && !indirectJump && !indirectCall) fixups.push('ip');
  if (indirectCall) fixups.push('call');
  if (!twoByte && opcode === 0x9d) fixups.push('trap-flag');
  if (insn.ripRelative) fixups.push('pc-relative');
  return fixups;
}

/** Why running the copy and jumping back (without a step) would not be the same as running it in place. */
function boostRefusal(insn: X86Insn, fixups: readonly XolFixup[]): string | undefined {
  if (fixups.includes('trap-flag')) return 'popf may load TF, which must be handled after a step';
  if (fixups.includes('call')) return 'an indirect call pushes the slot address, which only a post-step fixup can repair';
  if (!fixups.includes('ip')) return 'it sets the instruction pointer itself (return or indirect jump)';
  if (insn.mnemonic === Mnemonic.Loop || insn.mnemonic === Mnemonic.Loope || insn.mnemonic === Mnemonic.Loopne || insn.mnemonic === Mnemonic.Jrcxz || insn.mnemonic === Mnemonic.Jecxz) {
    return 'a relative branch computed from the slot needs a post-step fixup';
  }
  return undefined;
}

/** At CPL2 these behave differently from user mode (IOPL, IF), so they may not run there. */
const PRIVILEGE_SENSITIVE = new Set<number>([Mnemonic.Pushf, Mnemonic.Pushfq, Mnemonic.Popf, Mnemonic.Popfq]);

/** Named by the instruction-set extension, so refusals group by class (ubp ports counts them that way). */
function unimplemented(instruction: DecodedInstruction): string {
  return `the CPU does not implement ${cpuidFeaturesOf(instruction.bytes, instruction.address).join('+')} instructions`;
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/**
 * The analysis facet of x86-64, after Linux's arch_uprobe_analyze_insn: the kernel's opcode
 * tables and prefix rules decide whether a probe may be placed; branches, NOPs and register
 * pushes are simulated; everything else is stepped out of line with IP, call, TF and
 * RIP-relative fixups as the kernel applies them.
 */
export class X86InstructionAnalyzer implements InstructionAnalyzer {
  analyze(instruction: DecodedInstruction): X86InstructionAnalysis {
    const insn = decodeX86(instruction.bytes, instruction.address, 1, () => true).instructions[0];
    if (insn === undefined) throw new Error(`cannot decode ${hex(instruction.bytes)} at 0x${instruction.address.toString(16)}`);
    const refusal = kernelRefusal(insn);
    const simulation = refusal === undefined ? simulationOf(insn) : undefined;
    const operandSize = opcodeOf(insn.bytes).prefixes.includes(OPERAND_SIZE);
    const branchRefusal = simulation !== undefined && simulation !== 'nop' && simulation !== 'push' && operandSize ? 'branch with an operand-size prefix: Intel and AMD disagree on its meaning' : undefined;
    const fixups = simulation === undefined ? fixupsOf(insn) : [];
    const implemented = emitterFor(insn.code) !== undefined;
    return {
      instruction,
      insn,
      refusal: refusal ?? branchRefusal,
      mode: simulation === undefined ? 'step' : 'simulate',
      simulation,
      fixups,
      boostRefusal: simulation === undefined ? boostRefusal(insn, fixups) : 'simulated: nothing to boost',
      emulateRefusal: implemented ? undefined : unimplemented(instruction),
      privilegedStepRefusal: PRIVILEGE_SENSITIVE.has(insn.mnemonic) ? 'pushf/popf see IOPL and IF differently at CPL2' : undefined,
    };
  }
}
