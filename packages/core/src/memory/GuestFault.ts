import { type GuestAccess } from './GuestAccess.js';
import { formatAddress } from './formatAddress.js';

/** `si_code` values of SIGSEGV, as Linux reports them. */
export const SegvCode = {
  MapError: 1,
  AccessError: 2,
  /** A general-protection fault: the address is not canonical; Linux reports SI_KERNEL with no address. */
  Kernel: 0x80,
} as const;

/**
 * A guest memory access that the hardware would refuse. The CPU turns it into SIGSEGV for the
 * guest; the kernel side (syscalls) turns it into -EFAULT. It is thrown, never returned, because
 * the fast path must not pay for checking a result on every access.
 */
export class GuestFault {
  constructor(
    readonly address: number,
    readonly code: number,
    readonly access: GuestAccess,
  ) {}

  describe(): string {
    const what = this.code === SegvCode.MapError ? 'unmapped' : this.code === SegvCode.AccessError ? 'protected' : 'non-canonical';
    return `${this.access} of ${what} address ${formatAddress(this.address)}`;
  }
}
