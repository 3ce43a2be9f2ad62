import { type StdioEndpoint } from '../fs/StdioEndpoint.js';

export interface KernelConfig {
  /** Host directory the guest sees as `/`. */
  readonly root: string;
  /** Guest working directory at start, inside the root. */
  readonly cwd: string;
  readonly argv: readonly string[];
  readonly env: readonly string[];
  /** Seeds AT_RANDOM, getrandom and /dev/urandom. */
  readonly seed: number;
  /** Stop a runaway guest after this many instructions. */
  readonly maxInstructions: number | undefined;
  /** Instructions a task runs before the kernel looks at signals and other tasks again. */
  readonly quantum: number;
  readonly stdio: readonly [StdioEndpoint, StdioEndpoint, StdioEndpoint];
  /** Where `--verbose` notes go (unimplemented syscalls...), if anywhere. */
  readonly trace: ((message: string) => void) | undefined;
  readonly credentials: { readonly uid: number; readonly gid: number };
  readonly hostname: string;
}
