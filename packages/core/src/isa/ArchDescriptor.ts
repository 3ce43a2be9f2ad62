import { type AddressSpaceLayout } from '../process/AddressSpaceLayout.js';
import { type RegisterFile } from './RegisterFile.js';

/** The fixed facts of an architecture: the data every facet and the core may rely on. */
export interface ArchDescriptor {
  /** The name used on the command line and in reports (`x86-64`, `arm64`). */
  readonly name: string;
  /** ELF `e_machine` (EM_X86_64 = 62, EM_AARCH64 = 183). */
  readonly elfMachine: number;
  /** The breakpoint instruction the core writes over a probed instruction (≈ UPROBE_SWBP_INSN). */
  readonly breakpoint: Uint8Array;
  /**
   * Where the CPU leaves the program counter after executing the breakpoint, relative to the
   * breakpoint's address: x86 traps after int3 (+1), arm64 reports the brk's own address (0).
   */
  readonly breakpointPcOffset: number;
  /** Longest instruction (15 on x86-64, 4 on arm64; ≈ MAX_UINSN_BYTES). */
  readonly maxInstructionBytes: number;
  /** Instructions start on multiples of this (1 on x86-64, 4 on arm64). */
  readonly instructionAlignment: number;
  /** Bytes per XOL slot (≈ UPROBE_XOL_SLOT_BYTES). */
  readonly xolSlotBytes: number;
  /** Hardware breakpoint (debug) registers a task can use. */
  readonly hardwareBreakpoints: number;
  /**
   * A privilege level between user and kernel at which XOL code could run, or undefined when the
   * architecture has none usable (the precondition of the xol-kernel strategy).
   */
  readonly intermediatePrivilege: { readonly level: number; readonly name: string } | undefined;
  readonly layout: AddressSpaceLayout;
  /** AT_PLATFORM, AT_HWCAP and AT_HWCAP2 as the kernel reports them for this CPU model. */
  readonly platform: string;
  readonly hwcap: number;
  readonly hwcap2: number;
  /** AT_MINSIGSTKSZ. */
  readonly minSignalStackSize: number;
  /** Bytes a return pops off the stack: x86 keeps the return address there (8); arm64 keeps it in LR (0). */
  readonly returnAddressStackBytes: number;
  /** The kernel's register names for uprobe_events fetch arguments (`%ax`, `%ip`...), mapped to ours. */
  readonly traceRegisterNames: Readonly<Record<string, string>>;
  /** The register a function's integer result comes back in (`$retval` of uprobe_events). */
  readonly returnValueRegister: string;
  /** `uname -m`. */
  readonly machine: string;
  createRegisters(): RegisterFile;
}
