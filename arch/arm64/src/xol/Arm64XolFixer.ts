import {
  type GuestMemory, type InstructionAnalysis, type MemoryAccess, type RegisterFile, type SlotRequest, type XolContext,
  type XolFixer,
} from '@ubp/core';
import { readWord, wordBytes } from '../encoding/fields.js';
import { branchReaches, encodeB } from '../encoding/offsets.js';
import { simulateA64 } from '../simulate/simulations.js';
import { arm64Registers, LINK_REGISTER } from '../state/Arm64RegisterFile.js';

function steppedWord(analysis: InstructionAnalysis): number {
  if (analysis.refusal !== undefined || analysis.mode !== 'step') {
    throw new Error(`${analysis.instruction.text} is not run out of line`);
  }
  return readWord(analysis.instruction.bytes);
}

/**
 * The XOL fixup facet of arm64 (arch/arm64/kernel/probes/uprobes.c). Every stepped instruction
 * is 4 bytes and none reads the PC (those are simulated or refused), so the slot holds a plain
 * copy and the only repair is the PC: vaddr + 4 after the step, vaddr after an abort.
 */
export class Arm64XolFixer implements XolFixer {
  /**
   * The 4-byte copy (arch_uprobe_copy_ixol). `request.pcRelative` does not matter: no stepped
   * instruction is PC-relative. With `boostTo` the copy is followed by a B there, which only
   * reaches ±128 MiB from the slot, so a farther slot gets undefined.
   */
  slotBytes(analysis: InstructionAnalysis, request: SlotRequest): Uint8Array | undefined {
    const copy = wordBytes(steppedWord(analysis));
    if (request.boostTo === undefined) return copy;
    const offset = request.boostTo - (request.slotAddress + 4);
    if (!branchReaches(offset)) return undefined;
    const boosted = new Uint8Array(8);
    boosted.set(copy);
    boosted.set(wordBytes(encodeB(offset)), 4);
    return boosted;
  }

  /** arch_uprobe_pre_xol: the PC goes to the slot; nothing needs saving. */
  preXol(regs: RegisterFile, context: XolContext): void {
    regs.pc = context.slotAddress;
  }

  /** arch_uprobe_post_xol: the PC goes to the instruction after the probed one. */
  postXol(regs: RegisterFile, _memory: GuestMemory, context: XolContext): void {
    regs.pc = context.analysis.instruction.address + 4;
  }

  /** arch_uprobe_abort_xol: back to the probed instruction. */
  abortXol(regs: RegisterFile, context: XolContext): void {
    regs.pc = context.analysis.instruction.address;
  }

  /** arch_uprobe_skip_sstep: one of the kernel's simulate_* handlers; none of them touches memory. */
  simulate(analysis: InstructionAnalysis, regs: RegisterFile, _memory: GuestMemory): void {
    if (analysis.mode !== 'simulate') throw new Error(`${analysis.instruction.text} is not simulated`);
    simulateA64(readWord(analysis.instruction.bytes), arm64Registers(regs));
  }

  /**
   * Simulated instructions touch no memory. For stepped ones the accesses are not computed:
   * only the xol-kernel strategy asks, and arm64 has no privilege level for it to run at, so
   * the A64 addressing modes (a large part of a CPU facet) were not decoded here.
   */
  memoryAccesses(analysis: InstructionAnalysis, _regs: RegisterFile): readonly MemoryAccess[] | undefined {
    return analysis.mode === 'simulate' && analysis.refusal === undefined ? [] : undefined;
  }

  /** arch_uretprobe_hijack_return_addr: the return address is in LR, not on the stack. */
  hijackReturnAddress(regs: RegisterFile, _memory: GuestMemory, trampoline: number): number {
    const arm64 = arm64Registers(regs);
    const original = arm64.get64(LINK_REGISTER);
    arm64.set64(LINK_REGISTER, trampoline);
    return original;
  }

  /** arm64 has no level between EL0 and EL1 (see the descriptor): a task only ever runs slots at EL0. */
  setIntermediatePrivilege(_regs: RegisterFile, intermediate: boolean): void {
    if (intermediate) throw new Error('arm64 has no privilege level between EL0 and EL1');
  }
}
