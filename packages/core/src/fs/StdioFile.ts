import { type OpenFile } from './OpenFile.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { type StatInfo } from './StatInfo.js';
import { type StdioEndpoint } from './StdioEndpoint.js';

/** The open file behind descriptors 0, 1 and 2 at start-up. */
export class StdioFile implements OpenFile {
  constructor(
    private readonly endpoint: StdioEndpoint,
    readonly path: string,
    public statusFlags: number,
  ) {}

  get terminal(): boolean {
    return this.endpoint.terminal;
  }

  read(buffer: Uint8Array): number {
    return this.endpoint.read(buffer);
  }

  write(data: Uint8Array): number {
    return this.endpoint.write(data);
  }

  seek(): number {
    throw new SyscallError(Errno.ESPIPE);
  }

  stat(): StatInfo {
    return this.endpoint.stat();
  }

  release(): void {}
}
