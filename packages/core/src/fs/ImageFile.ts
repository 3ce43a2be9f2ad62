import { type Executable } from '../kernel/Executable.js';
import { MemoryFile } from './MemoryFile.js';
import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';

/**
 * The program a process runs, opened through /proc/pid/exe when its path does not reach it
 * inside the root (a program ubp was given from outside the root): its bytes, as an executable
 * regular file with the program's inode, so that exec of /proc/self/exe runs it again.
 */
export class ImageFile extends MemoryFile {
  constructor(executable: Executable) {
    super(executable.guestPath, executable.bytes, executable.inode);
  }

  override stat(): StatInfo {
    return syntheticStat(FileType.S_IFREG | 0o555, this.content.length, this.ino);
  }
}
