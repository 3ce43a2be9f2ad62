import { type DecodedInstruction, type InstructionAnalysis, type InstructionAnalyzer } from '@ubp/core';
import { readWord } from '../encoding/fields.js';
import { type A64Class, classifyA64 } from './classifyA64.js';

/** The emulate facet of this package runs only what Linux simulates. */
export const NO_EMULATOR =
  'no arm64 emulator: only the Linux simulations (branches, ADR/ADRP, NOP) are implemented';

export const NO_INTERMEDIATE_PRIVILEGE =
  'arm64 has no privilege level between EL0 (user) and EL1 (kernel) at which the slot could run with its memory accesses checked against the user address space';

const MISALIGNED = 'misaligned: A64 instructions start on 4-byte boundaries (arch_uprobe_analyze_insn returns -EINVAL)';

const SIMULATED_BOOST = 'simulated: nothing to boost';
const PC_RELATIVE_BOOST = `${SIMULATED_BOOST} (it reads the PC, so a copy in the slot would branch or compute relative to the slot)`;

/** Why a copy of a stepped or simulated instruction cannot be followed by a B back, or undefined. */
function boostRefusal(kind: A64Class): string | undefined {
  if (kind.verdict === 'step') return undefined;
  // NOP is simulated only for speed; a copy of it would run anywhere.
  return kind.simulation === 'nop' ? SIMULATED_BOOST : PC_RELATIVE_BOOST;
}

/**
 * The analysis facet of arm64 (≈ arch_uprobe_analyze_insn + arm_probe_decode_insn). Linux has
 * no boosted uprobes on arm64; a boosted copy here is the instruction followed by a B to the
 * next one (XolFixer.slotBytes with `boostTo`). Every stepped instruction can take one, since
 * none is PC-relative; whether the B reaches (±128 MiB) depends on the slot, so slotBytes
 * decides that per slot.
 */
export class Arm64InstructionAnalyzer implements InstructionAnalyzer {
  analyze(instruction: DecodedInstruction): InstructionAnalysis {
    if (instruction.address % 4 !== 0) return refusedAnalysis(instruction, MISALIGNED);
    const kind = classifyA64(readWord(instruction.bytes));
    if (kind.verdict === 'refuse') return refusedAnalysis(instruction, kind.reason);
    return {
      instruction,
      refusal: undefined,
      mode: kind.verdict,
      fixups: kind.verdict === 'step' ? ['ip'] : [],
      boostRefusal: boostRefusal(kind),
      emulateRefusal: kind.verdict === 'simulate' ? undefined : NO_EMULATOR,
      privilegedStepRefusal: NO_INTERMEDIATE_PRIVILEGE,
    };
  }
}

/** A refused instruction: no strategy may take it, so each refusal repeats the reason. */
function refusedAnalysis(instruction: DecodedInstruction, reason: string): InstructionAnalysis {
  return {
    instruction,
    refusal: reason,
    // Nothing runs a refused instruction; 'step' is only a placeholder the contract requires.
    mode: 'step',
    fixups: [],
    boostRefusal: reason,
    emulateRefusal: reason,
    privilegedStepRefusal: reason,
  };
}
