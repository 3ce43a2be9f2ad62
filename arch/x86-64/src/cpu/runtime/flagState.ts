import { setStatusFlags, statusFlags } from '../flags/lazyFlags.js';
import { FLAGS_FIXED, FlagBits, STATUS_FLAGS, USER_WRITABLE_FLAGS } from '../state/FlagBits.js';
import { type X86RegisterFile } from '../state/X86RegisterFile.js';

/** RFLAGS as PUSHF stores it: TF and RF never show while the kernel single-steps the task for a probe. */
export function readFlags(s: X86RegisterFile): number {
  return (statusFlags(s.F) | (s.control & ~s.hiddenFlags) | FLAGS_FIXED) >>> 0;
}

/** POPF at CPL 3: only the status flags, TF, DF, AC and ID change. */
export function writeFlags(s: X86RegisterFile, value: number, operandBits: number): void {
  const writable = operandBits === 16 ? USER_WRITABLE_FLAGS & 0xffff : USER_WRITABLE_FLAGS;
  setStatusFlags(s.F, value & STATUS_FLAGS);
  s.control = (s.control & ~(writable & ~STATUS_FLAGS)) | (value & writable & ~STATUS_FLAGS);
}

/** SAHF: SF ZF AF PF CF from AH, OF kept. */
export function storeAh(s: X86RegisterFile): void {
  const ah = (s.r[0]! >> 8) & 0xff;
  const keep = statusFlags(s.F) & FlagBits.OF;
  setStatusFlags(s.F, keep | (ah & (FlagBits.SF | FlagBits.ZF | FlagBits.AF | FlagBits.PF | FlagBits.CF)));
}

/** LAHF: AH = SF ZF 0 AF 0 PF 1 CF. */
export function loadAh(s: X86RegisterFile): void {
  const flags = (statusFlags(s.F) & 0xd5) | FLAGS_FIXED;
  s.r[0] = (s.r[0]! & ~0xff00) | (flags << 8);
}

export function setCarry(s: X86RegisterFile, mode: 'clear' | 'set' | 'complement'): void {
  const flags = statusFlags(s.F);
  const cf = mode === 'clear' ? 0 : mode === 'set' ? FlagBits.CF : (flags & FlagBits.CF) ^ FlagBits.CF;
  setStatusFlags(s.F, (flags & ~FlagBits.CF) | cf);
}
