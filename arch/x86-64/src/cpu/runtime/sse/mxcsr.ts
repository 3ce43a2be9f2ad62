import { SiCode, Signal } from '@ubp/core';
import { CpuTrap } from '../../CpuTrap.js';
import { type RoundingMode } from '../../softfloat/flags.js';
import { MXCSR_MASK } from '../../state/fxsaveImage.js';
import { type X86RegisterFile } from '../../state/X86RegisterFile.js';

/** MXCSR fields (Intel SDM vol. 1, 10.2.3; MM from the AMD APM vol. 4). Flag bits match the softfloat FloatFlag bits. */
export const Mxcsr = {
  IE: 0x01,
  DE: 0x02,
  ZE: 0x04,
  OE: 0x08,
  UE: 0x10,
  PE: 0x20,
  DAZ: 0x40,
  /** The underflow mask; each mask bit is 7 above its flag. */
  UM: 0x800,
  DEFAULT: 0x1f80,
} as const;

export const FLAGS = 0x3f;
/** Exceptions detected on the operands, before computing (OE, UE and PE are detected on the result). */
export const PRE_COMPUTATION = Mxcsr.IE | Mxcsr.DE | Mxcsr.ZE;

/** MXCSR.RC, encoded as the softfloat library's rounding modes are. */
export function roundingControl(mxcsr: number): RoundingMode {
  return ((mxcsr >> 13) & 3) as RoundingMode;
}

/** The flags whose mask bit is clear. */
export function unmaskedFlags(mxcsr: number): number {
  return ~(mxcsr >> 7) & FLAGS;
}

/** #GP: Linux sends SIGSEGV with SI_KERNEL and no address. */
export function generalProtection(detail: string): CpuTrap {
  return new CpuTrap(Signal.SIGSEGV, SiCode.SI_KERNEL, 0, detail);
}

export function misaligned(): CpuTrap {
  return generalProtection('misaligned 16-byte SSE memory operand');
}

/** The si_code Linux derives from MXCSR for #XM: the highest-priority flag that is set and unmasked. */
function simdSiCode(mxcsr: number): number {
  const raised = unmaskedFlags(mxcsr) & mxcsr;
  if ((raised & Mxcsr.IE) !== 0) return SiCode.FPE_FLTINV;
  if ((raised & Mxcsr.ZE) !== 0) return SiCode.FPE_FLTDIV;
  if ((raised & Mxcsr.OE) !== 0) return SiCode.FPE_FLTOVF;
  if ((raised & (Mxcsr.DE | Mxcsr.UE)) !== 0) return SiCode.FPE_FLTUND;
  return SiCode.FPE_FLTRES;
}

function simdException(s: X86RegisterFile, rip: number): CpuTrap {
  return new CpuTrap(Signal.SIGFPE, simdSiCode(s.mxcsr), rip, 'SIMD floating-point exception');
}

/**
 * Records what an instruction detected before its destination is written. Pre-computation
 * flags of every lane are set first; if one is unmasked the instruction stops there (#XM)
 * without looking at results. Otherwise the post-computation flags are set too, and an
 * unmasked one also stops it before the write. Linux delivers #XM as SIGFPE at the instruction.
 */
export function raiseFloatExceptions(s: X86RegisterFile, flags: number, rip: number): void {
  const unmasked = unmaskedFlags(s.mxcsr);
  const pre = flags & PRE_COMPUTATION;
  if ((pre & unmasked) !== 0) {
    s.mxcsr |= pre;
    throw simdException(s, rip);
  }
  s.mxcsr |= flags;
  if ((flags & unmasked) !== 0) throw simdException(s, rip);
}

export function loadMxcsr(s: X86RegisterFile, value: number): void {
  if ((value & ~MXCSR_MASK) !== 0) throw generalProtection('reserved MXCSR bit set');
  s.mxcsr = value;
}
