/**
 * What must be repaired around an instruction that is single-stepped out of line (≈ the
 * kernel's UPROBE_FIX_* flags).
 */
export type XolFixup =
  /** The PC after the step is relative to the slot and must be moved back to the original code (UPROBE_FIX_IP). */
  | 'ip'
  /** A call pushed the slot's return address; it must become the original one (UPROBE_FIX_CALL). */
  | 'call'
  /** The instruction may load TF itself (popf): keep it after the step (UPROBE_FIX_SETF). */
  | 'trap-flag'
  /** A PC-relative operand was rewritten to use a scratch register set to the original PC (UPROBE_FIX_RIP_*). */
  | 'pc-relative';
