/**
 * A task's user-visible registers, as much of them as arch-neutral code needs: the program
 * counter and stack pointer as numbers (every user address is exact below 2^53), and any
 * register by its architectural name for probe handlers and fetch arguments.
 */
export interface RegisterFile {
  pc: number;
  sp: number;
  /** Architectural register names, lower case (`rax`, `eax`, `x0`, `w0`...). */
  readonly names: readonly string[];
  read(name: string): bigint;
  write(name: string, value: bigint): void;
  /** A deep copy, for clone and fork. */
  clone(): RegisterFile;
}
