import fs from 'node:fs';
import tty from 'node:tty';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { fromHostStat } from './hostStat.js';
import { type StatInfo } from './StatInfo.js';
import { type StdioEndpoint } from './StdioEndpoint.js';

const pause = new Int32Array(new SharedArrayBuffer(4));

/** A host descriptor (ubp's own stdin, stdout or stderr) used synchronously. */
export class HostStream implements StdioEndpoint {
  readonly terminal: boolean;

  constructor(private readonly fd: number) {
    this.terminal = tty.isatty(fd);
  }

  read(buffer: Uint8Array): number {
    for (;;) {
      try {
        return fs.readSync(this.fd, buffer, 0, buffer.length, null);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'EOF') return 0;
        // A non-blocking host descriptor (inherited from a shell) has no data yet: wait for it.
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
        else throw new SyscallError(Errno.EIO);
      }
    }
  }

  write(data: Uint8Array): number {
    let done = 0;
    while (done < data.length) {
      try {
        done += fs.writeSync(this.fd, data, done, data.length - done);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 5);
        else if (code === 'EPIPE') throw new SyscallError(Errno.EPIPE);
        else throw new SyscallError(Errno.EIO);
      }
    }
    return done;
  }

  stat(): StatInfo {
    return fromHostStat(fs.fstatSync(this.fd, { bigint: true }));
  }
}
