import { type DirectoryEntry } from './DirectoryEntry.js';
import { type StatInfo } from './StatInfo.js';

/**
 * An open file description (`struct file`): shared by every descriptor dup'ed from it, so the
 * offset and status flags are shared too. Methods throw SyscallError for -errno.
 */
export interface OpenFile {
  /** O_APPEND, O_NONBLOCK and the access mode, as fcntl(F_GETFL) reports them. */
  statusFlags: number;
  /** The guest path it was opened by, for /proc/self/fd and messages. */
  readonly path: string;
  read(buffer: Uint8Array, position?: number): number;
  write(data: Uint8Array, position?: number): number;
  seek(offset: number, whence: number): number;
  stat(): StatInfo;
  /** Directory listing for getdents64, from the current position. */
  readDirectory?(): DirectoryEntry[];
  /**
   * The PollEvents it is ready for now (file_operations.poll). Without one it is always ready
   * (DEFAULT_POLLMASK). The standard streams have none on purpose: ubp reads and writes them
   * synchronously, so a read there waits for the host the way a regular file's read waits for the disk.
   */
  poll?(): number;
  /** Truncates or extends a regular file. */
  truncate?(length: number): void;
  /** Whether it is a terminal (isatty). */
  readonly terminal: boolean;
  /** Called when the last descriptor referring to it is closed. */
  release(): void;
}
