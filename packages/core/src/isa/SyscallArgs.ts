/**
 * The six syscall argument registers, as 32-bit halves so that reading them needs neither
 * BigInt nor allocation; the accessors give each the C type the syscall expects.
 */
export class SyscallArgs {
  readonly lo = new Int32Array(6);
  readonly hi = new Int32Array(6);

  /** `int`: the low 32 bits, signed. */
  int(i: number): number {
    return this.lo[i]!;
  }

  /** `unsigned int`. */
  u32(i: number): number {
    return this.lo[i]! >>> 0;
  }

  /** A 64-bit value as a signed number: exact for pointers, sizes and offsets below 2^53. */
  long(i: number): number {
    return this.hi[i]! * 0x1_0000_0000 + (this.lo[i]! >>> 0);
  }

  /** A pointer or size_t: unsigned 64-bit, exact below 2^53. */
  ulong(i: number): number {
    return (this.hi[i]! >>> 0) * 0x1_0000_0000 + (this.lo[i]! >>> 0);
  }

  u64(i: number): bigint {
    return (BigInt(this.hi[i]! >>> 0) << 32n) | BigInt(this.lo[i]! >>> 0);
  }
}
