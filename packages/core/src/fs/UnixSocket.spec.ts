import { describe, expect, it } from 'vitest';
import { Errno } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { errnoOf } from '../testing/syscallHarness.js';
import { FdTable } from './FdTable.js';
import { OpenFlags } from './OpenFlags.js';
import { PipeBuffer, PipeEnd } from './Pipe.js';
import { PollEvents } from './PollEvents.js';
import { FileType } from './StatInfo.js';
import { DEFAULT_SOCKET_BUFFER, EpipeWithoutSignal, Shutdown, SocketType, UnixSocket } from './UnixSocket.js';

const { POLLIN, POLLOUT, POLLERR, POLLHUP, POLLRDNORM, POLLWRNORM, POLLWRBAND, POLLRDHUP } = PollEvents;
const WRITABLE = POLLOUT | POLLWRNORM | POLLWRBAND;
const READABLE = POLLIN | POLLRDNORM;
const OWNER = { pid: 7, uid: 1000, gid: 100 };

function pair(type: number, status = 0): [UnixSocket, UnixSocket] {
  return UnixSocket.pair(type, [11, 12], status, OWNER);
}

const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const bytes = (value: string): Uint8Array => new Uint8Array(Buffer.from(value, 'latin1'));

/** How many sends of `size` bytes a fresh non-blocking end takes before EAGAIN. */
function sendsUntilFull(type: number, size: number): number {
  const [a] = pair(type, OpenFlags.O_NONBLOCK);
  const data = new Uint8Array(size);
  let count = 0;
  while (errnoOf(() => a.send(data, undefined, true)) === undefined) count++;
  return count;
}

describe('UnixSocket', () => {
  it('should make two read-write ends that name and stat as sockets', () => {
    const [a, b] = pair(SocketType.SOCK_STREAM, OpenFlags.O_NONBLOCK);
    expect(a.peer).toBe(b);
    expect(b.peer).toBe(a);
    expect(a.statusFlags).toBe(OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
    expect(a.path).toBe('socket:[11]');
    expect(b.path).toBe('socket:[12]');
    const stat = a.stat();
    expect(stat.mode).toBe(FileType.S_IFSOCK | 0o777);
    expect([stat.size, stat.ino, stat.uid, stat.gid]).toEqual([0, 11, 1000, 100]);
    expect(errnoOf(() => a.seek())).toBe(Errno.ESPIPE);
    expect(errnoOf(() => a.read(new Uint8Array(1), 0))).toBe(Errno.ESPIPE);
    expect(errnoOf(() => a.write(new Uint8Array(1), 0))).toBe(Errno.ESPIPE);
  });

  it('should carry a stream both ways, gathering bytes across sends', () => {
    const [a, b] = pair(SocketType.SOCK_STREAM);
    expect(a.write(bytes('abc'))).toBe(3);
    expect(a.send(bytes('defg'), undefined, false)).toBe(4);
    expect(b.write(bytes('back'))).toBe(4);
    const target = new Uint8Array(5);
    expect(b.read(target)).toBe(5);
    expect(text(target)).toBe('abcde');
    expect(text(b.receive(100, true, false).data)).toBe('fg');
    expect(text(b.receive(100, false, false).data)).toBe('fg');
    expect(text(a.receive(100, false, false).data)).toBe('back');
    expect(() => b.receive(100, false, false)).toThrow(WouldBlock);
    expect(errnoOf(() => b.receive(100, false, true))).toBe(Errno.EAGAIN);
    expect(b.read(new Uint8Array(0))).toBe(0);
  });

  it('should keep datagrams and seqpackets whole, truncating a short read', () => {
    for (const type of [SocketType.SOCK_DGRAM, SocketType.SOCK_SEQPACKET]) {
      const [a, b] = pair(type);
      a.write(bytes('first'));
      a.write(new Uint8Array(0));
      a.send(bytes('the third'), undefined, false);
      expect(text(b.receive(100, false, false).data)).toBe('first');
      expect(b.receive(100, false, false).length).toBe(0);
      const peeked = b.receive(3, true, false);
      expect([text(peeked.data), peeked.length]).toEqual(['the', 9]);
      const target = new Uint8Array(4);
      expect(b.read(target)).toBe(4);
      expect(text(target)).toBe('the ');
      expect(errnoOf(() => b.receive(100, false, true))).toBe(Errno.EAGAIN);
    }
  });

  it('should refuse a datagram longer than the send buffer less 32 bytes', () => {
    const [a] = pair(SocketType.SOCK_DGRAM);
    a.sndbuf = 5000;
    expect(errnoOf(() => a.send(new Uint8Array(4969), undefined, true))).toBe(Errno.EMSGSIZE);
    expect(a.send(new Uint8Array(4968), undefined, true)).toBe(4968);
  });

  it("should fill up after as many sends as Linux's skb sizes allow", () => {
    // Measured on Linux 6.18 with the default 212992-byte send buffer.
    expect(sendsUntilFull(SocketType.SOCK_DGRAM, 1)).toBe(278);
    expect(sendsUntilFull(SocketType.SOCK_DGRAM, 1000)).toBe(93);
    expect(sendsUntilFull(SocketType.SOCK_DGRAM, 3777)).toBe(26);
    expect(sendsUntilFull(SocketType.SOCK_DGRAM, 20000)).toBe(11);
    expect(sendsUntilFull(SocketType.SOCK_DGRAM, 100000)).toBe(3);
    expect(sendsUntilFull(SocketType.SOCK_STREAM, 300)).toBe(167);
    expect(sendsUntilFull(SocketType.SOCK_STREAM, 3777)).toBe(44);
    expect(sendsUntilFull(SocketType.SOCK_STREAM, 10000)).toBe(17);
    expect(sendsUntilFull(SocketType.SOCK_STREAM, 36544)).toBe(6);
    const [a] = pair(SocketType.SOCK_STREAM);
    expect(a.send(new Uint8Array(300000), undefined, true)).toBe(219264);
  });

  it('should poll writable again once what is queued is down to a quarter of the send buffer', () => {
    const [a, b] = pair(SocketType.SOCK_DGRAM);
    expect(a.poll()).toBe(WRITABLE);
    let sent = 0;
    while (errnoOf(() => a.send(new Uint8Array(1000), undefined, true)) === undefined) sent++;
    expect(a.poll()).toBe(0);
    expect(b.poll()).toBe(READABLE | WRITABLE);
    let read = 0;
    while ((a.poll() & POLLOUT) === 0) {
      b.receive(1000, false, true);
      read++;
    }
    expect([sent, read]).toEqual([93, 70]);
  });

  it('should make a blocking stream write wait until all of it fits, unless it never could', () => {
    const [a, b] = pair(SocketType.SOCK_STREAM);
    expect(a.write(new Uint8Array(150000))).toBe(150000);
    expect(() => a.write(new Uint8Array(150000))).toThrow(WouldBlock);
    b.receive(200000, false, false);
    expect(a.write(new Uint8Array(150000))).toBe(150000);
    b.receive(200000, false, false);
    expect(a.write(new Uint8Array(600000))).toBe(219264);
  });

  it('should give end of file, ECONNRESET once and EPIPE when a stream peer closes', () => {
    const [a, b] = pair(SocketType.SOCK_STREAM);
    a.write(bytes('unread'));
    b.write(bytes('read'));
    b.release();
    expect(a.poll()).toBe(READABLE | WRITABLE | POLLERR | POLLHUP | POLLRDHUP);
    expect(text(a.receive(100, false, false).data)).toBe('read');
    expect(errnoOf(() => a.receive(100, false, false))).toBe(Errno.ECONNRESET);
    expect(a.receive(100, false, false).data.length).toBe(0);
    // A stream's EPIPE comes with SIGPIPE.
    expect(errnoOf(() => a.write(bytes('x')))).toBe(Errno.EPIPE);
    expect(() => a.write(bytes('x'))).not.toThrow(EpipeWithoutSignal);
  });

  it('should fail a seqpacket send with ECONNRESET, then EPIPE without SIGPIPE, once its peer closed', () => {
    const [a, b] = pair(SocketType.SOCK_SEQPACKET);
    a.write(bytes('unread'));
    b.release();
    expect(errnoOf(() => a.write(bytes('x')))).toBe(Errno.ECONNRESET);
    expect(() => a.write(bytes('x'))).toThrow(EpipeWithoutSignal);
    expect(a.receive(100, false, false).data.length).toBe(0);
    expect(a.receive(100, false, true).data.length).toBe(0);
  });

  it('should disconnect a datagram end whose peer closed, dropping what it had received', () => {
    const [a, b] = pair(SocketType.SOCK_DGRAM);
    b.write(bytes('lost'));
    b.release();
    expect(a.poll()).toBe(READABLE | WRITABLE);
    expect(errnoOf(() => a.write(bytes('x')))).toBe(Errno.ECONNREFUSED);
    expect(a.peer).toBeUndefined();
    expect(errnoOf(() => a.write(bytes('x')))).toBe(Errno.ENOTCONN);
    expect(errnoOf(() => a.receive(100, false, true))).toBe(Errno.EAGAIN);
    expect(a.poll()).toBe(WRITABLE);
  });

  it('should mirror a shutdown onto a stream or seqpacket peer, but not onto a datagram peer', () => {
    const [a, b] = pair(SocketType.SOCK_STREAM);
    a.shutDown(0);
    expect([a.shutdown, b.shutdown]).toEqual([Shutdown.RCV, Shutdown.SEND]);
    expect(a.poll()).toBe(READABLE | WRITABLE | POLLRDHUP);
    expect(errnoOf(() => b.write(bytes('x')))).toBe(Errno.EPIPE);
    expect(a.write(bytes('x'))).toBe(1);
    expect(a.receive(10, false, false).data.length).toBe(0);
    a.shutDown(1);
    expect([a.shutdown, b.shutdown]).toEqual([Shutdown.BOTH, Shutdown.BOTH]);
    expect(a.poll() & (POLLHUP | POLLRDHUP)).toBe(POLLHUP | POLLRDHUP);

    const [c, d] = pair(SocketType.SOCK_DGRAM);
    c.shutDown(2);
    expect([c.shutdown, d.shutdown]).toEqual([Shutdown.BOTH, 0]);
    expect(() => c.write(bytes('x'))).toThrow(EpipeWithoutSignal);
    expect(() => d.write(bytes('x'))).toThrow(EpipeWithoutSignal);
    expect(errnoOf(() => c.receive(10, false, true))).toBe(Errno.EAGAIN);
    expect(c.receive(10, false, false).data.length).toBe(0);
  });

  it('should pass descriptors with the first byte of a stream send and stop a read after them', () => {
    const table = new FdTable();
    const pipe = new PipeBuffer(1);
    const reader = new PipeEnd(pipe, false, OpenFlags.O_RDONLY);
    const [a, b] = pair(SocketType.SOCK_STREAM);
    a.write(bytes('ab'));
    a.send(bytes('cd'), { files: [reader], holder: table }, true);
    a.write(bytes('ef'));
    expect(pipe.readers).toBe(1);
    const peeked = b.receive(100, true, true);
    expect([text(peeked.data), peeked.rights?.files]).toEqual(['abcd', [reader]]);
    expect(text(b.receive(1, false, true).data)).toBe('a');
    const got = b.receive(100, false, true);
    expect([text(got.data), got.rights?.files]).toEqual(['bcd', [reader]]);
    got.rights!.release();
    expect(pipe.readers).toBe(0);
    expect(text(b.receive(100, false, true).data)).toBe('ef');
  });

  it('should keep a passed file open while in flight and release it with a discarded message', () => {
    const table = new FdTable();
    const pipe = new PipeBuffer(1);
    const fd = table.open(new PipeEnd(pipe, false, OpenFlags.O_RDONLY), false);
    const [a, b] = pair(SocketType.SOCK_DGRAM);
    a.send(bytes('x'), { files: [table.get(fd)], holder: table }, true);
    table.close(fd);
    expect(pipe.readers).toBe(1);
    b.release();
    expect(pipe.readers).toBe(0);
  });

  it('should report and clear a pending error', () => {
    const [a] = pair(SocketType.SOCK_STREAM);
    a.error = Errno.ECONNRESET;
    expect(a.poll() & POLLERR).toBe(POLLERR);
    expect(a.takeError()).toBe(Errno.ECONNRESET);
    expect(a.takeError()).toBe(0);
    expect(a.sndbuf).toBe(DEFAULT_SOCKET_BUFFER);
  });
});
