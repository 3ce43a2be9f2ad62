import { type OpenFile } from './OpenFile.js';
import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';

/**
 * /dev/null, /dev/zero and /dev/urandom: reads yield nothing, zeroes or seeded random bytes;
 * writes are accepted and discarded.
 */
export class CharacterDevice implements OpenFile {
  readonly terminal = false;

  constructor(
    readonly path: string,
    public statusFlags: number,
    /** Fills a read buffer; undefined means end of file (/dev/null). */
    private readonly fill: ((buffer: Uint8Array) => void) | undefined,
    private readonly rdev: number,
  ) {}

  read(buffer: Uint8Array): number {
    if (this.fill === undefined) return 0;
    this.fill(buffer);
    return buffer.length;
  }

  write(data: Uint8Array): number {
    return data.length;
  }

  seek(): number {
    return 0;
  }

  stat(): StatInfo {
    return syntheticStat(FileType.S_IFCHR | 0o666, 0, this.rdev, this.rdev);
  }

  release(): void {}
}
