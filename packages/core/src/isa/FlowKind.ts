/** How an instruction changes the program counter: what an XOL fixup or simulation must handle. */
export type FlowKind =
  | 'next'
  | 'jump'
  | 'conditional-jump'
  | 'indirect-jump'
  | 'call'
  | 'indirect-call'
  | 'return'
  | 'syscall'
  | 'interrupt'
  | 'exception';
