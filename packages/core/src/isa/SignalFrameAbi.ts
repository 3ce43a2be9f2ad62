import { type GuestMemory } from '../memory/GuestMemory.js';
import { type SigInfo } from '../signals/SigInfo.js';
import { type SignalAction } from '../signals/SignalAction.js';
import { type RegisterFile } from './RegisterFile.js';

export interface AltStack {
  sp: number;
  size: number;
  flags: number;
}

export interface SignalFrameRequest {
  readonly signal: number;
  readonly info: SigInfo;
  readonly action: SignalAction;
  /** The mask to restore on sigreturn (uc_sigmask). */
  readonly savedMask: bigint;
  /** The alternate stack as sigaltstack set it, saved in uc_stack. */
  readonly altStack: AltStack;
  /** Top of the alternate stack when the frame must go there, else undefined (use the current stack). */
  readonly altStackTop: number | undefined;
}

/** How the kernel builds and tears down a signal frame on this architecture (≈ setup_rt_frame). */
export interface SignalFrameAbi {
  /** Writes the frame and points the task at the handler. Throws GuestFault if the stack is not writable. */
  push(regs: RegisterFile, memory: GuestMemory, request: SignalFrameRequest): void;
  /** rt_sigreturn: restores the registers saved by `push` and returns the saved mask and alternate stack. */
  pop(regs: RegisterFile, memory: GuestMemory): { mask: bigint; altStack: AltStack };
}
