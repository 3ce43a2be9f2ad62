import { type Emulator, type GuestMemory, type InstructionAnalysis, type RegisterFile, type VirtualClock } from '@ubp/core';
import { type X86InstructionAnalysis } from '../analyze/X86InstructionAnalyzer.js';
import { type BlockFunction } from '../cpu/codegen/Block.js';
import { compileBlock } from '../cpu/codegen/compileBlock.js';
import { ExitReason } from '../cpu/ExitReason.js';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';

/**
 * The emulate facet of x86-64: the CPU's own instruction semantics applied to the original
 * bytes of the probed instruction, compiled once per probe into a one-instruction function that
 * runs on the trapped task's registers and memory. It is exactly as right as the CPU is, which
 * is the point the thread's "emulation bug waiting to happen" invites us to measure.
 */
export class X86Emulator implements Emulator {
  private readonly compiled = new WeakMap<GuestMemory, WeakMap<InstructionAnalysis, BlockFunction>>();

  emulate(analysis: InstructionAnalysis, regs: RegisterFile, memory: GuestMemory, clock: VirtualClock): void {
    let ofMemory = this.compiled.get(memory);
    if (ofMemory === undefined) {
      ofMemory = new WeakMap();
      this.compiled.set(memory, ofMemory);
    }
    let run = ofMemory.get(analysis);
    if (run === undefined) {
      const { insn } = analysis as X86InstructionAnalysis;
      run = compileBlock(memory, insn.address, 1, clock, { bytes: insn.bytes, pageEnd: insn.next }).run;
      ofMemory.set(analysis, run);
    }
    const s = regs as X86RegisterFile;
    run(s);
    if (s.exit === ExitReason.Fault) {
      const fault = s.pendingFault;
      s.exit = ExitReason.None;
      s.pendingFault = undefined;
      throw fault;
    }
    s.exit = ExitReason.None;
  }
}
