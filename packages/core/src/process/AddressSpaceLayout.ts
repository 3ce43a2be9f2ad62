/**
 * Where Linux places things in a new address space when randomisation is off, per
 * architecture (the ELF loader and mmap use it). All values are page aligned.
 */
export interface AddressSpaceLayout {
  /** TASK_SIZE: the first address above the user half. */
  readonly taskSize: number;
  /** Initial end of the stack (STACK_TOP). */
  readonly stackTop: number;
  /** RLIMIT_STACK: how far the stack may grow down. */
  readonly stackLimit: number;
  /** mmap_base: top-down allocation starts below this. */
  readonly mmapBase: number;
  /** vm.mmap_min_addr: nothing maps below this unless MAP_FIXED at a higher address. */
  readonly mmapMinAddr: number;
  /** Where a position-independent executable (static-PIE) is loaded. */
  readonly pieLoadBase: number;
  /**
   * Addresses are valid in [-limit, limit): beyond it an access faults whatever the mappings
   * (x86-64's 48-bit canonical form gives 2^47; arm64 with 48-bit VA, 2^48).
   */
  readonly canonicalLimit: number;
  /**
   * Protections that make a page readable although PROT_READ is absent: x86 page tables cannot
   * express execute-only or write-only pages, so PROT_EXEC and PROT_WRITE both read.
   */
  readonly impliedRead: number;
}
