// The one place that loads capstone-wasm (an Emscripten build of capstone 5.0, ESM, whose wasm
// module instantiates asynchronously): everything else goes through `A64Disassembler`.
import { Capstone, Const, loadCapstone } from 'capstone-wasm';

/** Disassembly text of one instruction, copied out of capstone. */
export interface DisassemblyText {
  readonly mnemonic: string;
  readonly operands: string;
}

/**
 * One capstone handle for AArch64, kept for the life of the process (the module shares one
 * decoder); capstone-wasm frees each instruction buffer inside `disasm`.
 */
export class A64Disassembler {
  private constructor(private readonly handle: Capstone) {}

  /** Loads the wasm module (once per process) and opens a handle, or fails with a one-line reason. */
  static async open(): Promise<A64Disassembler> {
    try {
      await loadCapstone();
      return new A64Disassembler(new Capstone(Const.CS_ARCH_ARM64, Const.CS_MODE_ARM));
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new Error(`the arm64 decoder needs capstone-wasm, which could not be loaded: ${reason}`);
    }
  }

  /** The text of the instruction in `bytes` at `address`, or undefined when capstone does not know it. */
  disassemble(bytes: Uint8Array, address: number): DisassemblyText | undefined {
    let insn;
    try {
      // disasm throws when it decodes nothing: capstone's only way of saying "not an instruction".
      [insn] = this.handle.disasm(bytes, { address: BigInt.asUintN(64, BigInt(address)), count: 1 });
    } catch {
      return undefined;
    }
    return insn === undefined ? undefined : { mnemonic: insn.mnemonic, operands: insn.opStr };
  }
}
