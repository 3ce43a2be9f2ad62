import { describe, expect, it } from 'vitest';
import { MemoryFile } from '../fs/MemoryFile.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { PipeBuffer, PipeEnd } from '../fs/Pipe.js';
import { PollEvents } from '../fs/PollEvents.js';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { HARNESS_MEMORY, SyscallHarness, syscallHandler } from '../testing/syscallHarness.js';
import { KEEP_REGISTERS } from './SyscallContext.js';
import { pollSyscalls } from './pollSyscalls.js';

const { POLLIN, POLLOUT, POLLERR, POLLHUP, POLLNVAL, POLLRDNORM, POLLWRNORM } = PollEvents;
const ARRAY = HARNESS_MEMORY.address;
const poll = syscallHandler(pollSyscalls, 'poll');

/** Writes struct pollfd entries, with revents holding garbage that poll must overwrite. */
function pollfds(h: SyscallHarness, entries: readonly (readonly [fd: number, events: number])[]): number {
  const bytes = new Uint8Array(entries.length * 8);
  const view = new DataView(bytes.buffer);
  entries.forEach(([fd, events], i) => {
    view.setInt32(i * 8, fd, true);
    view.setUint16(i * 8 + 4, events, true);
    view.setUint16(i * 8 + 6, 0xbeef, true);
  });
  h.memory.write(ARRAY, bytes);
  return entries.length;
}

function revents(h: SyscallHarness, count: number): number[] {
  const view = new DataView(h.memory.read(ARRAY, count * 8).buffer);
  return Array.from({ length: count }, (_, i) => view.getUint16(i * 8 + 6, true));
}

function pipe(h: SyscallHarness): { readFd: number; writeFd: number; buffer: PipeBuffer } {
  const buffer = new PipeBuffer(1);
  const readFd = h.fds.open(new PipeEnd(buffer, false, OpenFlags.O_RDONLY), false);
  const writeFd = h.fds.open(new PipeEnd(buffer, true, OpenFlags.O_WRONLY), false);
  return { readFd, writeFd, buffer };
}

describe('poll', () => {
  it('should report a file without readiness of its own as readable and writable, limited to the events asked', () => {
    const h = new SyscallHarness();
    const fd = h.fds.open(new MemoryFile('/proc/x', new Uint8Array(3), 9), false);
    const n = pollfds(h, [
      [fd, POLLIN | POLLOUT],
      [fd, POLLIN],
      [fd, 0],
    ]);
    expect(h.call(poll, ARRAY, n, -1)).toBe(2);
    expect(revents(h, n)).toEqual([POLLIN | POLLOUT, POLLIN, 0]);
  });

  it('should skip negative descriptors and flag closed ones with POLLNVAL, which counts as ready', () => {
    const h = new SyscallHarness();
    const n = pollfds(h, [
      [-1, POLLIN],
      [40, POLLIN],
    ]);
    expect(h.call(poll, ARRAY, n, -1)).toBe(1);
    expect(revents(h, n)).toEqual([0, POLLNVAL]);
  });

  it('should follow a pipe: empty, holding data, without a writer, without a reader', () => {
    const h = new SyscallHarness();
    const { readFd, writeFd, buffer } = pipe(h);
    const n = pollfds(h, [
      [readFd, POLLIN | POLLRDNORM],
      [writeFd, POLLOUT | POLLWRNORM],
    ]);
    expect(h.call(poll, ARRAY, n, 0)).toBe(1);
    expect(revents(h, n)).toEqual([0, POLLOUT | POLLWRNORM]);
    buffer.append(new Uint8Array(65536));
    expect(h.call(poll, ARRAY, n, 0)).toBe(1);
    expect(revents(h, n)).toEqual([POLLIN | POLLRDNORM, 0]);
    h.fds.close(writeFd);
    pollfds(h, [[readFd, 0]]);
    expect(h.call(poll, ARRAY, 1, 0)).toBe(1);
    expect(revents(h, 1)).toEqual([POLLHUP]);

    const other = pipe(h);
    h.fds.close(other.readFd);
    pollfds(h, [[other.writeFd, POLLIN]]);
    expect(h.call(poll, ARRAY, 1, 0)).toBe(1);
    expect(revents(h, 1)).toEqual([POLLERR]);
  });

  it('should return 0 at once with a zero timeout and nothing ready', () => {
    const h = new SyscallHarness();
    const { readFd } = pipe(h);
    pollfds(h, [[readFd, POLLIN]]);
    expect(h.call(poll, ARRAY, 1, 0)).toBe(0);
    expect(h.wait).toBeUndefined();
    expect(revents(h, 1)).toEqual([0]);
  });

  it('should wait until a descriptor becomes ready, with no deadline for a negative timeout', () => {
    const h = new SyscallHarness();
    const { readFd, buffer } = pipe(h);
    pollfds(h, [[readFd, POLLIN]]);
    expect(h.call(poll, ARRAY, 1, -1)).toBe(KEEP_REGISTERS);
    expect(h.wait?.deadlineNs).toBeUndefined();
    expect(h.wait?.restartable).toBe(false);
    expect(h.wait?.poll(false)).toBeUndefined();
    buffer.append(new Uint8Array([1]));
    expect(h.wait?.poll(false)).toBe(1);
    expect(revents(h, 1)).toEqual([POLLIN]);
  });

  it('should end the wait with 0 when the timeout passes in virtual time', () => {
    const h = new SyscallHarness();
    h.nowNs = 5_000;
    const { readFd } = pipe(h);
    pollfds(h, [[readFd, POLLIN]]);
    expect(h.call(poll, ARRAY, 1, 250)).toBe(KEEP_REGISTERS);
    expect(h.wait?.deadlineNs).toBe(5_000 + 250_000_000);
    expect(h.wait?.poll(true)).toBe(0);
    expect(revents(h, 1)).toEqual([0]);
  });

  it('should store zero revents when a signal interrupts the wait', () => {
    const h = new SyscallHarness();
    const { readFd } = pipe(h);
    pollfds(h, [[readFd, POLLIN]]);
    h.call(poll, ARRAY, 1, -1);
    h.wait?.cancel();
    expect(revents(h, 1)).toEqual([0]);
  });

  it('should refuse more entries than RLIMIT_NOFILE with EINVAL', () => {
    const h = new SyscallHarness();
    expect(() => h.call(poll, ARRAY, 1025, 0)).toThrow(new SyscallError(Errno.EINVAL));
  });
});
