import { describe, expect, it } from 'vitest';
import { MAX_DESCRIPTORS } from '../fs/FdTable.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { PipeBuffer, PipeEnd } from '../fs/Pipe.js';
import { SocketType, UnixSocket } from '../fs/UnixSocket.js';
import { Errno } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { GuestFault } from '../memory/GuestFault.js';
import { SiCode, Signal } from '../signals/Signal.js';
import { errnoOf, HARNESS_CREDENTIALS, HARNESS_MEMORY, SyscallHarness, syscallHandler } from '../testing/syscallHarness.js';
import { fileSyscalls } from './fileSyscalls.js';
import { KEEP_REGISTERS, type SyscallHandler, type SyscallTable } from './SyscallContext.js';
import { MessageFlags, SocketOption, SOL_SOCKET, socketSyscalls } from './socketSyscalls.js';

/** The handlers `table` gives `names`, by name. */
function handlers<Name extends string>(table: SyscallTable, names: readonly Name[]): Record<Name, SyscallHandler> {
  return Object.fromEntries(names.map((name) => [name, syscallHandler(table, name)])) as Record<Name, SyscallHandler>;
}

const { socket, socketpair, sendto, recvfrom, sendmsg, recvmsg, shutdown, getsockopt, setsockopt, getsockname, getpeername } = handlers(socketSyscalls, [
  'socket',
  'socketpair',
  'sendto',
  'recvfrom',
  'sendmsg',
  'recvmsg',
  'shutdown',
  'getsockopt',
  'setsockopt',
  'getsockname',
  'getpeername',
]);
const { readv, ioctl } = handlers(fileSyscalls, ['readv', 'ioctl']);
const FIONREAD = 0x541b;

const AF_UNIX = 1;
const AF_INET = 2;
const SOCK_NONBLOCK = OpenFlags.O_NONBLOCK;
const SOCK_CLOEXEC = OpenFlags.O_CLOEXEC;
const { MSG_PEEK, MSG_CTRUNC, MSG_TRUNC, MSG_DONTWAIT, MSG_WAITALL, MSG_NOSIGNAL, MSG_CMSG_CLOEXEC } = MessageFlags;
const { SO_TYPE, SO_ERROR, SO_SNDBUF, SO_PEERCRED } = SocketOption;
const SO_RCVTIMEO = 20;

// Where the tests keep things in the harness's memory.
const BASE = HARNESS_MEMORY.address;
const PAIR = BASE;
const DATA = BASE + 0x100;
const MSG = BASE + 0x800;
const IOV = BASE + 0x900;
const CONTROL = BASE + 0xa00;
const LENGTH = BASE + 0xb00;
const VALUE = BASE + 0xb10;
const NAME = BASE + 0xc00;

function int(h: SyscallHarness, address: number): number {
  return new DataView(h.memory.read(address, 4).buffer).getInt32(0, true);
}

function putInt(h: SyscallHarness, address: number, value: number): void {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, true);
  h.memory.write(address, out);
}

function putText(h: SyscallHarness, address: number, value: string): number {
  h.memory.write(address, Buffer.from(value, 'latin1'));
  return value.length;
}

function text(h: SyscallHarness, address: number, length: number): string {
  return Buffer.from(h.memory.read(address, length)).toString('latin1');
}

function pair(h: SyscallHarness, type: number, protocol = 0): [number, number] {
  expect(h.call(socketpair, AF_UNIX, type, protocol, PAIR)).toBe(0);
  return [int(h, PAIR), int(h, PAIR + 4)];
}

function pipe(h: SyscallHarness): { readFd: number; writeFd: number; buffer: PipeBuffer } {
  const buffer = new PipeBuffer(1);
  return { readFd: h.fds.open(new PipeEnd(buffer, false, OpenFlags.O_RDONLY), false), writeFd: h.fds.open(new PipeEnd(buffer, true, OpenFlags.O_WRONLY), false), buffer };
}

/** A struct msghdr at MSG with one buffer of `length` bytes at DATA, and `controlLength` bytes of control data at CONTROL. */
function message(h: SyscallHarness, length: number, controlLength: number, name = 0): void {
  const view = new DataView(new ArrayBuffer(56));
  view.setBigUint64(0, BigInt(name), true);
  view.setInt32(8, name === 0 ? 0 : 110, true);
  view.setBigUint64(16, BigInt(IOV), true);
  view.setBigUint64(24, 1n, true);
  view.setBigUint64(32, BigInt(controlLength === 0 ? 0 : CONTROL), true);
  view.setBigUint64(40, BigInt(controlLength), true);
  view.setInt32(48, 0x5555, true);
  h.memory.write(MSG, new Uint8Array(view.buffer));
  const iov = new DataView(new ArrayBuffer(16));
  iov.setBigUint64(0, BigInt(DATA), true);
  iov.setBigUint64(8, BigInt(length), true);
  h.memory.write(IOV, new Uint8Array(iov.buffer));
}

/** One SCM_RIGHTS message naming `fds` at CONTROL: its CMSG_SPACE. */
function rights(h: SyscallHarness, fds: readonly number[], level = SOL_SOCKET, type = 1): number {
  const length = 16 + 4 * fds.length;
  const view = new DataView(new ArrayBuffer(Math.ceil(length / 8) * 8));
  view.setBigUint64(0, BigInt(length), true);
  view.setInt32(8, level, true);
  view.setInt32(12, type, true);
  fds.forEach((fd, i) => view.setInt32(16 + 4 * i, fd, true));
  h.memory.write(CONTROL, new Uint8Array(view.buffer));
  return view.byteLength;
}

/** What recvmsg stored: msg_namelen, msg_controllen, msg_flags, and the descriptors of the first control message. */
function reply(h: SyscallHarness): { namelen: number; controllen: number; flags: number; fds: number[] } {
  const view = new DataView(h.memory.read(MSG, 56).buffer);
  const controllen = Number(view.getBigUint64(40, true));
  const cmsg = new DataView(h.memory.read(CONTROL, 64).buffer);
  const count = controllen === 0 ? 0 : (Number(cmsg.getBigUint64(0, true)) - 16) / 4;
  return { namelen: view.getInt32(8, true), controllen, flags: view.getInt32(48, true), fds: Array.from({ length: count }, (_, i) => cmsg.getInt32(16 + 4 * i, true)) };
}

describe('socketpair', () => {
  it('should install two connected ends at the lowest free descriptors and store them', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC);
    expect([a, b]).toEqual([0, 1]);
    const first = h.fds.get(a) as UnixSocket;
    expect(first).toBeInstanceOf(UnixSocket);
    expect(first.peer).toBe(h.fds.get(b));
    expect(first.statusFlags).toBe(OpenFlags.O_RDWR | OpenFlags.O_NONBLOCK);
    expect(first.owner).toEqual(HARNESS_CREDENTIALS);
    expect([h.fds.cloexec(a), h.fds.cloexec(b)]).toEqual([true, true]);
    expect((h.fds.get(pair(h, 3)[0]) as UnixSocket).type).toBe(SocketType.SOCK_DGRAM);
    expect((h.fds.get(pair(h, SocketType.SOCK_SEQPACKET, AF_UNIX)[0]) as UnixSocket).type).toBe(SocketType.SOCK_SEQPACKET);
  });

  it('should fail as Linux does, installing nothing', () => {
    const h = new SyscallHarness();
    expect(errnoOf(() => h.call(socketpair, AF_UNIX, SocketType.SOCK_STREAM | 0x100, 0, PAIR))).toBe(Errno.EINVAL);
    expect(() => h.call(socketpair, 99, SocketType.SOCK_STREAM, 0, 0)).toThrow(GuestFault);
    expect(errnoOf(() => h.call(socketpair, 99, SocketType.SOCK_STREAM, 0, PAIR))).toBe(Errno.EAFNOSUPPORT);
    expect(errnoOf(() => h.call(socketpair, AF_INET, SocketType.SOCK_STREAM, 0, PAIR))).toBe(Errno.EOPNOTSUPP);
    expect(errnoOf(() => h.call(socketpair, AF_UNIX, 11, 0, PAIR))).toBe(Errno.EINVAL);
    expect(errnoOf(() => h.call(socketpair, AF_UNIX, 4, 0, PAIR))).toBe(Errno.ESOCKTNOSUPPORT);
    expect(errnoOf(() => h.call(socketpair, AF_UNIX, SocketType.SOCK_STREAM, 6, PAIR))).toBe(Errno.EPROTONOSUPPORT);
    expect(h.fds.descriptors()).toEqual([]);
    for (let fd = 0; fd < MAX_DESCRIPTORS - 1; fd++) h.fds.open(new PipeEnd(new PipeBuffer(1), true, OpenFlags.O_WRONLY), false);
    expect(errnoOf(() => h.call(socketpair, AF_UNIX, SocketType.SOCK_STREAM, 0, PAIR))).toBe(Errno.EMFILE);
    expect(h.fds.descriptors().length).toBe(MAX_DESCRIPTORS - 1);
  });
});

describe('socket', () => {
  it('should fail for every family, with a note', () => {
    const h = new SyscallHarness();
    expect(errnoOf(() => h.call(socket, AF_INET, SocketType.SOCK_STREAM, 0))).toBe(Errno.EAFNOSUPPORT);
    expect(errnoOf(() => h.call(socket, AF_UNIX, SocketType.SOCK_STREAM | SOCK_CLOEXEC, 0))).toBe(Errno.EAFNOSUPPORT);
    expect(h.notes).toEqual([
      'socket: address family AF_INET is not implemented: EAFNOSUPPORT',
      'socket: an AF_UNIX socket outside socketpair (bind, connect, listen) is not implemented: EAFNOSUPPORT',
    ]);
    expect(errnoOf(() => h.call(socket, AF_UNIX, SocketType.SOCK_STREAM | 0x100, 0))).toBe(Errno.EINVAL);
  });
});

describe('sendto and recvfrom', () => {
  it('should carry bytes and store an empty source address', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    expect(h.call(sendto, a, DATA, putText(h, DATA, 'hello'), 0, 0, 0)).toBe(5);
    putInt(h, LENGTH, 110);
    expect(h.call(recvfrom, b, DATA + 100, 3, 0, NAME, LENGTH)).toBe(3);
    expect(text(h, DATA + 100, 3)).toBe('hel');
    expect(int(h, LENGTH)).toBe(0);
    expect(h.call(recvfrom, b, DATA + 100, 10, MSG_PEEK, 0, 0)).toBe(2);
    expect(h.call(recvfrom, b, DATA + 100, 10, 0, 0, 0)).toBe(2);
    expect(() => h.call(recvfrom, b, DATA, 10, 0, 0, 0)).toThrow(WouldBlock);
    expect(errnoOf(() => h.call(recvfrom, b, DATA, 10, MSG_DONTWAIT, 0, 0))).toBe(Errno.EAGAIN);
  });

  it('should return a datagram whole length with MSG_TRUNC', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_DGRAM);
    h.call(sendto, a, DATA, putText(h, DATA, 'datagram'), 0, 0, 0);
    h.call(sendto, a, DATA, putText(h, DATA, 'datagram'), 0, 0, 0);
    expect(h.call(recvfrom, b, DATA + 100, 4, MSG_TRUNC, 0, 0)).toBe(8);
    expect(h.call(recvfrom, b, DATA + 100, 4, 0, 0, 0)).toBe(4);
  });

  it('should refuse what is not a socket, and addresses a socket pair cannot use', () => {
    const h = new SyscallHarness();
    const { readFd } = pipe(h);
    expect(errnoOf(() => h.call(sendto, readFd, DATA, 1, 0, 0, 0))).toBe(Errno.ENOTSOCK);
    expect(errnoOf(() => h.call(recvfrom, 99, DATA, 1, 0, 0, 0))).toBe(Errno.EBADF);
    const [stream] = pair(h, SocketType.SOCK_STREAM);
    const [datagram] = pair(h, SocketType.SOCK_DGRAM);
    h.memory.write(NAME, new Uint8Array([AF_UNIX, 0, 0x2f, 0x78, 0]));
    expect(errnoOf(() => h.call(sendto, stream, DATA, 1, 0, NAME, 5))).toBe(Errno.EISCONN);
    expect(errnoOf(() => h.call(sendto, datagram, DATA, 1, 0, NAME, 2))).toBe(Errno.EINVAL);
    expect(errnoOf(() => h.call(sendto, datagram, DATA, 1, 0, NAME, 5))).toBe(Errno.EOPNOTSUPP);
    expect(h.notes).toEqual(['sendto: a named AF_UNIX address is not implemented: EOPNOTSUPP']);
  });

  it('should raise SIGPIPE for a stream whose peer is gone, unless MSG_NOSIGNAL, and never for a seqpacket', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    h.fds.close(b);
    expect(errnoOf(() => h.call(sendto, a, DATA, 1, MSG_NOSIGNAL, 0, 0))).toBe(Errno.EPIPE);
    expect(h.signals).toEqual([]);
    expect(errnoOf(() => h.call(sendto, a, DATA, 1, 0, 0, 0))).toBe(Errno.EPIPE);
    expect(h.signals).toEqual([{ signo: Signal.SIGPIPE, code: SiCode.SI_USER, pid: HARNESS_CREDENTIALS.pid, uid: HARNESS_CREDENTIALS.uid }]);
    const [c, d] = pair(h, SocketType.SOCK_SEQPACKET);
    h.fds.close(d);
    expect(errnoOf(() => h.call(sendto, c, DATA, 1, 0, 0, 0))).toBe(Errno.EPIPE);
    expect(h.signals.length).toBe(1);
  });
});

describe('blocking stream transfers', () => {
  it('should make a send larger than the socket holds wait until all of it went', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    const reader = h.fds.get(b) as UnixSocket;
    (h.fds.get(a) as UnixSocket).sndbuf = 4608;
    expect(h.call(sendto, a, BASE, 0x3000, 0, 0, 0)).toBe(KEEP_REGISTERS);
    const wait = h.wait!;
    expect([wait.restartable, wait.interruptible]).toEqual([false, false]);
    expect(wait.poll(false)).toBeUndefined();
    const received: Uint8Array[] = [];
    let result: unknown;
    for (let rounds = 0; rounds < 10 && result === undefined; rounds++) {
      received.push(reader.receive(0x8000, false, true).data);
      result = wait.poll(false);
    }
    expect(result).toBe(0x3000);
    received.push(reader.receive(0x8000, false, true).data);
    expect(Buffer.concat(received)).toEqual(Buffer.from(h.memory.read(BASE, 0x3000)));
  });

  it('should end a blocked send early with what went when a signal comes', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    (h.fds.get(a) as UnixSocket).sndbuf = 4608;
    expect(h.call(sendto, a, BASE, 0x3000, 0, 0, 0)).toBe(KEEP_REGISTERS);
    const queued = (h.fds.get(b) as UnixSocket).receive(0x8000, true, true).data.length;
    expect(queued).toBeGreaterThan(0);
    h.interrupting = Signal.SIGUSR1;
    expect(h.wait!.poll(false)).toBe(queued);
  });

  it('should make MSG_WAITALL gather until the buffer is full, or end of file', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    const writer = h.fds.get(a) as UnixSocket;
    writer.write(Buffer.from('four'));
    expect(h.call(recvfrom, b, DATA, 10, MSG_WAITALL, 0, 0)).toBe(KEEP_REGISTERS);
    const wait = h.wait!;
    expect(wait.poll(false)).toBeUndefined();
    writer.write(Buffer.from('sixsix'));
    expect(wait.poll(false)).toBe(10);
    expect(text(h, DATA, 10)).toBe('foursixsix');

    writer.write(Buffer.from('part'));
    putInt(h, LENGTH, 110);
    expect(h.call(recvfrom, b, DATA, 10, MSG_WAITALL, NAME, LENGTH)).toBe(KEEP_REGISTERS);
    const gathering = h.wait!;
    // Other calls run meanwhile: the wait must not read their arguments.
    expect(h.call(sendto, a, DATA + 100, putText(h, DATA + 100, 'ial'), 0, 0, 0)).toBe(3);
    h.fds.close(a);
    expect(gathering.poll(false)).toBe(7);
    expect([text(h, DATA, 7), int(h, LENGTH)]).toEqual(['partial', 0]);
  });

  it('should make a peek with MSG_WAITALL wait, taking nothing, until enough is queued', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    (h.fds.get(a) as UnixSocket).write(Buffer.from('four'));
    expect(() => h.call(recvfrom, b, DATA, 6, MSG_WAITALL | MSG_PEEK, 0, 0)).toThrow(WouldBlock);
    (h.fds.get(a) as UnixSocket).write(Buffer.from('more'));
    expect(h.call(recvfrom, b, DATA, 6, MSG_WAITALL | MSG_PEEK, 0, 0)).toBe(6);
    expect(h.call(recvfrom, b, DATA, 8, 0, 0, 0)).toBe(8);
  });
});

describe('sendmsg and recvmsg', () => {
  it('should pass descriptors, installing them at the lowest free numbers', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    const { readFd, writeFd, buffer } = pipe(h);
    message(h, putText(h, DATA, 'fds'), rights(h, [readFd, writeFd]));
    expect(h.call(sendmsg, a, MSG, 0)).toBe(3);
    h.fds.close(readFd);
    h.fds.close(writeFd);
    expect([buffer.readers, buffer.writers]).toEqual([1, 1]);
    message(h, 10, 64, NAME);
    expect(h.call(recvmsg, b, MSG, MSG_CMSG_CLOEXEC)).toBe(3);
    expect(reply(h)).toEqual({ namelen: 0, controllen: 24, flags: MSG_CMSG_CLOEXEC, fds: [readFd, writeFd] });
    expect(h.memory.read(CONTROL + 8, 8)).toEqual(new Uint8Array([1, 0, 0, 0, 1, 0, 0, 0]));
    expect(h.fds.get(readFd)).toBeInstanceOf(PipeEnd);
    expect([h.fds.cloexec(readFd), h.fds.cloexec(writeFd)]).toEqual([true, true]);
    expect([buffer.readers, buffer.writers]).toEqual([1, 1]);
  });

  it('should close what does not fit the control buffer and say so with MSG_CTRUNC', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_DGRAM);
    const { readFd, writeFd, buffer } = pipe(h);
    message(h, putText(h, DATA, 'x'), rights(h, [readFd, writeFd]));
    h.call(sendmsg, a, MSG, 0);
    h.call(sendmsg, a, MSG, 0);
    h.call(sendmsg, a, MSG, 0);
    h.fds.close(readFd);
    h.fds.close(writeFd);
    message(h, 10, 20);
    expect(h.call(recvmsg, b, MSG, MSG_PEEK)).toBe(1);
    expect(reply(h)).toEqual({ namelen: 0, controllen: 20, flags: MSG_CTRUNC, fds: [readFd] });
    h.fds.close(readFd);
    expect(h.call(recvmsg, b, MSG, 0)).toBe(1);
    expect(reply(h).fds).toEqual([readFd]);
    h.fds.close(readFd);
    message(h, 10, 0);
    expect(h.call(recvmsg, b, MSG, 0)).toBe(1);
    expect(reply(h).flags).toBe(MSG_CTRUNC);
    expect(h.call(recvfrom, b, DATA, 10, 0, 0, 0)).toBe(1);
    expect([buffer.readers, buffer.writers]).toEqual([0, 0]);
  });

  it('should report a truncated datagram in msg_flags', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_SEQPACKET);
    message(h, putText(h, DATA, 'longer'), 0);
    h.call(sendmsg, a, MSG, 0);
    message(h, 2, 0);
    expect(h.call(recvmsg, b, MSG, 0)).toBe(2);
    expect(reply(h).flags).toBe(MSG_TRUNC);
  });

  it('should refuse bad control data, bad descriptors and bad headers before sending', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    message(h, putText(h, DATA, 'x'), rights(h, [99]));
    expect(errnoOf(() => h.call(sendmsg, a, MSG, 0))).toBe(Errno.EBADF);
    message(h, 1, rights(h, [a], SOL_SOCKET, 7));
    expect(errnoOf(() => h.call(sendmsg, a, MSG, 0))).toBe(Errno.EINVAL);
    message(h, 1, rights(h, [99], 6, 1));
    expect(h.call(sendmsg, a, MSG, 0)).toBe(1);
    message(h, 1, 8 + rights(h, [a]));
    h.memory.write(CONTROL, new Uint8Array([200, 0, 0, 0, 0, 0, 0, 0]));
    expect(errnoOf(() => h.call(sendmsg, a, MSG, 0))).toBe(Errno.EINVAL);
    message(h, 1, 0, NAME);
    putInt(h, MSG + 8, -1);
    expect(errnoOf(() => h.call(recvmsg, b, MSG, 0))).toBe(Errno.EINVAL);
    message(h, 1, 0);
    h.memory.write(MSG + 24, new Uint8Array([1, 4, 0, 0, 0, 0, 0, 0]));
    expect(errnoOf(() => h.call(sendmsg, a, MSG, 0))).toBe(Errno.EMSGSIZE);
    expect(h.call(recvfrom, b, DATA, 10, MSG_DONTWAIT, 0, 0)).toBe(1);
  });
});

describe('socket options, names and shutdown', () => {
  it('should report options, at most as many bytes as asked', () => {
    const h = new SyscallHarness();
    const [a] = pair(h, SocketType.SOCK_SEQPACKET);
    const option = (name: number, room = 4): number[] => {
      putInt(h, LENGTH, room);
      h.memory.write(VALUE, new Uint8Array(12).fill(0xee));
      expect(h.call(getsockopt, a, SOL_SOCKET, name, VALUE, LENGTH)).toBe(0);
      const view = new DataView(h.memory.read(VALUE, 12).buffer);
      return [int(h, LENGTH), view.getInt32(0, true), view.getInt32(4, true), view.getInt32(8, true)];
    };
    expect(option(SO_TYPE)).toEqual([4, SocketType.SOCK_SEQPACKET, -0x11111112, -0x11111112]);
    expect(option(SO_TYPE, 2)).toEqual([2, -0x1111fffb, -0x11111112, -0x11111112]);
    expect(option(SO_PEERCRED, 100)).toEqual([12, HARNESS_CREDENTIALS.pid, HARNESS_CREDENTIALS.uid, HARNESS_CREDENTIALS.gid]);
    (h.fds.get(a) as UnixSocket).error = Errno.ECONNRESET;
    expect(option(SO_ERROR)[1]).toBe(Errno.ECONNRESET);
    expect(option(SO_ERROR)[1]).toBe(0);
    putInt(h, VALUE, 1);
    expect(h.call(setsockopt, a, SOL_SOCKET, SO_SNDBUF, VALUE, 4)).toBe(0);
    expect(option(SO_SNDBUF)[1]).toBe(4608);
    putInt(h, VALUE, 50000);
    h.call(setsockopt, a, SOL_SOCKET, SO_SNDBUF, VALUE, 4);
    expect(option(SO_SNDBUF)[1]).toBe(100000);
    putInt(h, VALUE, -1);
    h.call(setsockopt, a, SOL_SOCKET, SO_SNDBUF, VALUE, 4);
    expect(option(SO_SNDBUF)[1]).toBe(425984);
  });

  it('should refuse options as Linux does, with a note for those not implemented', () => {
    const h = new SyscallHarness();
    const [a] = pair(h, SocketType.SOCK_STREAM);
    putInt(h, LENGTH, -1);
    expect(errnoOf(() => h.call(getsockopt, a, SOL_SOCKET, SO_TYPE, VALUE, LENGTH))).toBe(Errno.EINVAL);
    putInt(h, LENGTH, 4);
    expect(errnoOf(() => h.call(getsockopt, a, 6, 1, VALUE, LENGTH))).toBe(Errno.EOPNOTSUPP);
    expect(errnoOf(() => h.call(setsockopt, a, SOL_SOCKET, SO_SNDBUF, VALUE, 2))).toBe(Errno.EINVAL);
    expect(errnoOf(() => h.call(getsockopt, a, SOL_SOCKET, SO_RCVTIMEO, VALUE, LENGTH))).toBe(Errno.ENOPROTOOPT);
    expect(errnoOf(() => h.call(setsockopt, a, SOL_SOCKET, SO_RCVTIMEO, VALUE, 16))).toBe(Errno.ENOPROTOOPT);
    expect(h.notes).toEqual(['getsockopt: SOL_SOCKET option 20 is not implemented: ENOPROTOOPT', 'setsockopt: SOL_SOCKET option 20 is not implemented: ENOPROTOOPT']);
  });

  it('should name both ends unnamed AF_UNIX sockets, and a disconnected datagram end as having no peer', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_DGRAM);
    putInt(h, LENGTH, 110);
    expect(h.call(getsockname, a, NAME, LENGTH)).toBe(0);
    expect([int(h, LENGTH), h.memory.read(NAME, 2)]).toEqual([2, new Uint8Array([AF_UNIX, 0])]);
    putInt(h, LENGTH, 1);
    h.memory.write(NAME, new Uint8Array([9, 9]));
    expect(h.call(getpeername, a, NAME, LENGTH)).toBe(0);
    expect([int(h, LENGTH), h.memory.read(NAME, 2)]).toEqual([2, new Uint8Array([AF_UNIX, 9])]);
    h.fds.close(b);
    expect(errnoOf(() => h.call(sendto, a, DATA, 1, 0, 0, 0))).toBe(Errno.ECONNREFUSED);
    expect(errnoOf(() => h.call(getpeername, a, NAME, LENGTH))).toBe(Errno.ENOTCONN);
  });

  it('should shut down a direction, checking the descriptor before the direction', () => {
    const h = new SyscallHarness();
    const [a, b] = pair(h, SocketType.SOCK_STREAM);
    const { readFd } = pipe(h);
    expect(errnoOf(() => h.call(shutdown, readFd, 3))).toBe(Errno.ENOTSOCK);
    expect(errnoOf(() => h.call(shutdown, a, 3))).toBe(Errno.EINVAL);
    expect(h.call(shutdown, a, 1)).toBe(0);
    expect(h.call(recvfrom, b, DATA, 10, 0, 0, 0)).toBe(0);
    expect(errnoOf(() => h.call(sendto, a, DATA, 1, 0, 0, 0))).toBe(Errno.EPIPE);
  });
});

describe('readv and FIONREAD on sockets', () => {
  /**
   * A pair of `type` whose second end has `messages` queued, two struct iovec at IOV (4 bytes at
   * DATA, then 4 at DATA + 16) cleared, and what FIONREAD says of that end.
   */
  function queued(h: SyscallHarness, type: number, messages: readonly string[]): { reader: number; available: number } {
    const [a, b] = pair(h, type);
    for (const message of messages) h.call(sendto, a, DATA, putText(h, DATA, message), 0, 0, 0);
    expect(h.call(ioctl, b, FIONREAD, VALUE)).toBe(0);
    const view = new DataView(new ArrayBuffer(32));
    view.setBigUint64(0, BigInt(DATA), true);
    view.setBigUint64(8, 4n, true);
    view.setBigUint64(16, BigInt(DATA + 16), true);
    view.setBigUint64(24, 4n, true);
    h.memory.write(IOV, new Uint8Array(view.buffer));
    h.memory.write(DATA, new Uint8Array(32));
    return { reader: b, available: int(h, VALUE) };
  }

  it('should read one datagram across the buffers, and count what a read would get', () => {
    const h = new SyscallHarness();
    const { reader, available } = queued(h, SocketType.SOCK_DGRAM, ['abcd', 'efghij']);
    expect(available).toBe(4);
    expect(h.call(readv, reader, IOV, 2)).toBe(4);
    expect(h.call(readv, reader, IOV, 2)).toBe(6);
    expect([text(h, DATA, 4), text(h, DATA + 16, 4)]).toEqual(['efgh', 'ij\0\0']);
  });

  it('should take nothing from a stream when a readv must wait', () => {
    const h = new SyscallHarness();
    const { reader, available } = queued(h, SocketType.SOCK_STREAM, ['abc', 'de']);
    expect(available).toBe(5);
    expect(h.call(readv, reader, IOV, 2)).toBe(5);
    expect(text(h, DATA, 4) + text(h, DATA + 16, 1)).toBe('abcde');
    expect(() => h.call(readv, reader, IOV, 2)).toThrow(WouldBlock);
  });
});
