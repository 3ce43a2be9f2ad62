/**
 * What must be repaired around an instruction that runs out of line (≈ the kernel's
 * UPROBE_FIX_* flags and its xol_ops kinds).
 */
export type XolFixup =
  /** The PC after the step is relative to the slot and must be moved back to the original code. */
  | 'ip'
  /** A call pushed the slot's return address; it must become the original one. */
  | 'call'
  /** A PC-relative operand was rewritten to another base (x86 RIP-relative via a scratch register). */
  | 'pc-relative'
  /** The instruction is a branch whose effect is simulated rather than stepped. */
  | 'simulate-branch';
