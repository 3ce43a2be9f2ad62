import { type RegisterFile } from '../isa/RegisterFile.js';
import { type GuestMemory } from '../memory/GuestMemory.js';

/** What a handler sees on a hit; one object is reused for every hit, so copy what you keep. */
export interface ProbeHit {
  /** The probed address. */
  address: number;
  pid: number;
  tid: number;
  /** The trapped task's registers: read and change them (PC included: moving it skips the instruction). */
  regs: RegisterFile;
  /** The task's memory, with the guest's permissions. */
  memory: GuestMemory;
}

/** What a return handler sees: the function's entry and where it returns to. */
export interface ReturnHit extends ProbeHit {
  functionAddress: number;
  returnAddress: number;
}

/** One user of a probe (≈ struct uprobe_consumer). */
export interface ProbeConsumer {
  /** Runs on every hit of the probed instruction, before it executes. */
  handler?(hit: ProbeHit): void;
  /** Makes the probe a return probe: runs when the function whose first instruction is probed returns. */
  returnHandler?(hit: ReturnHit): void;
  /** Decides per task whether this consumer wants the hit. */
  filter?(pid: number, tid: number): boolean;
}
