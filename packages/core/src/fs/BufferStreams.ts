import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';
import { type StdioEndpoint } from './StdioEndpoint.js';

/** Standard input served from bytes read once, so several runs see the same input. */
export class BufferInput implements StdioEndpoint {
  private offset = 0;
  readonly terminal = false;

  constructor(private readonly bytes: Uint8Array) {}

  read(buffer: Uint8Array): number {
    const n = Math.min(buffer.length, this.bytes.length - this.offset);
    buffer.set(this.bytes.subarray(this.offset, this.offset + n));
    this.offset += n;
    return n;
  }

  write(): number {
    return 0;
  }

  stat(): StatInfo {
    return syntheticStat(FileType.S_IFIFO | 0o600, 0, 1);
  }
}

/** Standard output or error collected in memory. */
export class CapturedOutput implements StdioEndpoint {
  private readonly chunks: Uint8Array[] = [];
  readonly terminal = false;

  read(): number {
    return 0;
  }

  write(data: Uint8Array): number {
    this.chunks.push(data.slice());
    return data.length;
  }

  stat(): StatInfo {
    return syntheticStat(FileType.S_IFIFO | 0o600, 0, 2);
  }

  bytes(): Uint8Array {
    return Buffer.concat(this.chunks);
  }

  /** What was written, decoded as UTF-8. */
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}
