import { type GuestMemory, type InstructionAnalysis, type MemoryAccess, type RegisterFile, type SlotRequest, type XolContext, type XolFixer } from '@ubp/core';
import { type X86InstructionAnalysis } from '../analyze/X86InstructionAnalyzer.js';
import { CONDITIONS } from '../cpu/flags/conditions.js';
import { RSP } from '../cpu/state/gprNames.js';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';
import { memoryOperandsOf } from './memoryOperandsOf.js';
import { reencodeForAddress } from './reencodeForAddress.js';
import { scratchRegisterOf, useScratchRegister } from './ripRelativeScratch.js';

/** `jmp qword ptr [rip+0]` followed by the 8-byte target: reaches any address from a slot. */
const ABSOLUTE_JUMP = Uint8Array.of(0xff, 0x25, 0, 0, 0, 0);

function absoluteJump(target: number): Uint8Array {
  const bytes = new Uint8Array(14);
  bytes.set(ABSOLUTE_JUMP);
  new DataView(bytes.buffer).setBigInt64(6, BigInt(target), true);
  return bytes;
}

function x86(analysis: InstructionAnalysis): X86InstructionAnalysis {
  return analysis as X86InstructionAnalysis;
}

/**
 * The XOL fixup facet of x86-64, after arch/x86/kernel/uprobes.c: RIP-relative operands either
 * rewritten to a scratch register (the kernel's way, any distance) or re-encoded for the slot
 * (iced-x86, only within ±2 GiB, but with nothing to restore: what a boosted slot needs), the
 * IP and call fixups after the step, and the kernel's simulations of NOPs, relative branches,
 * calls and register pushes.
 */
export class X86XolFixer implements XolFixer {
  /** The scratch-register form depends only on the instruction, so it is made once per probe. */
  private readonly scratchForms = new WeakMap<InstructionAnalysis, Uint8Array | undefined>();

  slotBytes(analysis: InstructionAnalysis, request: SlotRequest): Uint8Array | undefined {
    const { insn } = x86(analysis);
    let copy: Uint8Array | undefined = insn.bytes;
    if (insn.ripRelative) {
      if (request.pcRelative === 're-encode') {
        copy = reencodeForAddress(insn, request.slotAddress);
      } else {
        if (!this.scratchForms.has(analysis)) this.scratchForms.set(analysis, useScratchRegister(insn));
        copy = this.scratchForms.get(analysis);
      }
      if (copy === undefined) return undefined;
    }
    if (request.boostTo === undefined) return copy;
    const slot = new Uint8Array(copy.length + 14);
    slot.set(copy);
    slot.set(absoluteJump(request.boostTo), copy.length);
    return slot;
  }

  preXol(regs: RegisterFile, context: XolContext): void {
    const s = regs as X86RegisterFile;
    const { insn } = x86(context.analysis);
    if (insn.ripRelative) {
      const scratch = scratchRegisterOf(insn);
      context.saved[0] = s.r[2 * scratch]!;
      context.saved[1] = s.r[2 * scratch + 1]!;
      // disp32(%scratch) now reaches what disp32(%rip) reached from the original instruction.
      s.set64(scratch, insn.next);
    }
    s.rip = context.slotAddress;
  }

  postXol(regs: RegisterFile, memory: GuestMemory, context: XolContext): void {
    const s = regs as X86RegisterFile;
    const analysis = x86(context.analysis);
    const { insn } = analysis;
    this.restoreScratch(s, context);
    if (analysis.fixups.includes('call')) {
      // The call pushed the slot's next address; the caller must return to the original code.
      const sp = s.sp;
      const next = insn.next;
      memory.w64(sp, next | 0, Math.floor(next / 4294967296));
    }
    if (analysis.fixups.includes('ip')) s.rip += insn.address - context.slotAddress;
  }

  abortXol(regs: RegisterFile, context: XolContext): void {
    const s = regs as X86RegisterFile;
    this.restoreScratch(s, context);
    s.rip = context.analysis.instruction.address;
  }

  private restoreScratch(s: X86RegisterFile, context: XolContext): void {
    const { insn } = x86(context.analysis);
    if (!insn.ripRelative) return;
    const scratch = scratchRegisterOf(insn);
    s.r[2 * scratch] = context.saved[0]!;
    s.r[2 * scratch + 1] = context.saved[1]!;
  }

  /** branch_xol_ops and push_xol_ops: the effect computed on the trapped registers. */
  simulate(analysis: InstructionAnalysis, regs: RegisterFile, memory: GuestMemory): void {
    const s = regs as X86RegisterFile;
    const { insn, simulation } = x86(analysis);
    switch (simulation) {
      case 'nop':
        s.rip = insn.next;
        return;
      case 'jump':
        s.rip = insn.target;
        return;
      case 'jcc':
        s.rip = CONDITIONS[insn.condition]!(s.F) ? insn.target : insn.next;
        return;
      case 'call':
        this.push(s, memory, insn.next | 0, Math.floor(insn.next / 4294967296), insn.next);
        s.rip = insn.target;
        return;
      case 'push': {
        // A register's 64 bits as its two halves: a JS number would round values past 2^53.
        const register = (insn.bytes[insn.bytes.length - 1]! & 7) | (insn.bytes.length > 1 ? 8 : 0);
        this.push(s, memory, s.r[2 * register]!, s.r[2 * register + 1]!, insn.next);
        return;
      }
      default:
        throw new Error(`${analysis.instruction.text} is not simulated`);
    }
  }

  /** Writes below RSP first, so a fault leaves the registers as they were. */
  private push(s: X86RegisterFile, memory: GuestMemory, lo: number, hi: number, next: number): void {
    const sp = s.sp - 8;
    memory.w64(sp, lo, hi);
    s.sp = sp;
    s.rip = next;
  }

  memoryAccesses(analysis: InstructionAnalysis, regs: RegisterFile): readonly MemoryAccess[] | undefined {
    return memoryOperandsOf(x86(analysis).insn, regs as X86RegisterFile);
  }

  /** x86 keeps the return address at [rsp] at a function's first instruction. */
  hijackReturnAddress(regs: RegisterFile, memory: GuestMemory, trampoline: number): number {
    const sp = (regs as X86RegisterFile).get64(RSP);
    const lo = memory.r64(sp) >>> 0;
    const original = memory.hi * 4294967296 + lo;
    memory.w64(sp, trampoline | 0, Math.floor(trampoline / 4294967296));
    return original;
  }

  setIntermediatePrivilege(regs: RegisterFile, intermediate: boolean): void {
    (regs as X86RegisterFile).cpl = intermediate ? 2 : 3;
  }
}
