/** RFLAGS bit positions (Intel SDM vol. 1, 3.4.3). */
export const FlagBits = {
  CF: 1 << 0,
  PF: 1 << 2,
  AF: 1 << 4,
  ZF: 1 << 6,
  SF: 1 << 7,
  TF: 1 << 8,
  IF: 1 << 9,
  DF: 1 << 10,
  OF: 1 << 11,
  AC: 1 << 18,
  ID: 1 << 21,
} as const;

/** The six arithmetic status flags, the ones the lazy evaluator owns. */
export const STATUS_FLAGS = FlagBits.CF | FlagBits.PF | FlagBits.AF | FlagBits.ZF | FlagBits.SF | FlagBits.OF;
/** Bits a user-mode POPF may change (IOPL and the system bits are not writable at CPL 3). */
export const USER_WRITABLE_FLAGS = STATUS_FLAGS | FlagBits.TF | FlagBits.DF | FlagBits.AC | FlagBits.ID;
/** Bit 1 of RFLAGS always reads as 1. */
export const FLAGS_FIXED = 1 << 1;
