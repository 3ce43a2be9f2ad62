/** A program file to run: its bytes, where the guest sees it, and the path exec was given. */
export interface Executable {
  readonly bytes: Uint8Array;
  /** /proc/self/exe. */
  readonly guestPath: string;
  /** argv[0]-style path as the user typed it (AT_EXECFN). */
  readonly execPath: string;
  /** Which file it is: exec of the same inode keeps the probes (uprobes are per file). */
  readonly inode: number;
}
