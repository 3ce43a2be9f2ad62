/** A 64-bit value in generated code: two expressions (usually local names) for its int32 halves. */
export interface Pair {
  readonly lo: string;
  readonly hi: string;
}
