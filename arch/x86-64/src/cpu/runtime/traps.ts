import { formatAddress, SiCode, Signal } from '@ubp/core';
import { formatX86 } from '../../decode/formatX86.js';
import { CpuTrap } from '../CpuTrap.js';


/** An instruction form the CPU does not implement: SIGILL for the guest, named for the user. */
export function unsupported(address: number, bytes: Uint8Array): CpuTrap {
  return new CpuTrap(Signal.SIGILL, SiCode.ILL_ILLOPN, address, `unsupported instruction '${formatX86(bytes, address)}' at ${formatAddress(address)}`);
}

/** Bytes that are no valid x86-64 instruction (#UD). */
export function invalid(address: number): CpuTrap {
  return new CpuTrap(Signal.SIGILL, SiCode.ILL_ILLOPN, address, `invalid instruction at ${formatAddress(address)}`);
}

/** Any other CPU exception, with the signal Linux delivers for it. */
export function trap(signal: number, code: number, address: number, detail: string): CpuTrap {
  return new CpuTrap(signal, code, address, detail);
}
