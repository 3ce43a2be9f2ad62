import { type RegisterFile, type SingleStepper } from '@ubp/core';
import { FlagBits } from '../cpu/state/FlagBits.js';
import { type X86RegisterFile } from '../cpu/state/X86RegisterFile.js';

const TF = FlagBits.TF;

/**
 * Single-step by RFLAGS.TF. The kernel's TF is hidden from PUSHF (and from signal frames), and a
 * TF the guest had set itself is remembered so that stepping it stays visible to the guest.
 */
export class X86SingleStepper implements SingleStepper {
  enable(regs: RegisterFile): boolean {
    const s = regs as X86RegisterFile;
    const guestWasStepping = (s.control & TF) !== 0 && (s.hiddenFlags & TF) === 0;
    s.control |= TF;
    if (!guestWasStepping) s.hiddenFlags |= TF;
    return guestWasStepping;
  }

  disable(regs: RegisterFile, keep: boolean): void {
    const s = regs as X86RegisterFile;
    s.hiddenFlags &= ~TF;
    if (!keep) s.control &= ~TF;
  }
}
