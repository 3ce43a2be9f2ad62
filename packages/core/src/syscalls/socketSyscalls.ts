import { OpenFlags } from '../fs/OpenFlags.js';
import { type OpenFile } from '../fs/OpenFile.js';
import { EpipeWithoutSignal, type PassedFiles, type Received, type Rights, Shutdown, SocketType, UnixSocket } from '../fs/UnixSocket.js';
import { Errno, errnoName, SyscallError } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { GuestFault } from '../memory/GuestFault.js';
import { SiCode, Signal } from '../signals/Signal.js';
import { keepGoing, raiseSigpipe } from './blockingTransfer.js';
import { bufferRoom, IOV_MAX, type IoVec, MAX_TRANSFER, readIoVecs, scatter } from './fileSyscalls.js';
import { type KEEP_REGISTERS, type SyscallContext, type SyscallTable } from './SyscallContext.js';

const AF_UNIX = 1;
/** AF_MAX: families at or above it do not exist. */
const AF_MAX = 46;
/** Families Linux has but that have no socket pairs (inet, inet6, netlink, packet): socketpair fails with EOPNOTSUPP there. */
const FAMILIES_WITHOUT_PAIRS = new Map([
  [2, 'AF_INET'],
  [10, 'AF_INET6'],
  [16, 'AF_NETLINK'],
  [17, 'AF_PACKET'],
]);
const SOCK_TYPE_MASK = 0xf;
const SOCK_RAW = 3;
const SOCK_MAX = 11;

/** send and recv flags, and what recvmsg reports in msg_flags. */
export const MessageFlags = {
  MSG_OOB: 0x1,
  MSG_PEEK: 0x2,
  MSG_CTRUNC: 0x8,
  MSG_TRUNC: 0x20,
  MSG_DONTWAIT: 0x40,
  MSG_WAITALL: 0x100,
  MSG_NOSIGNAL: 0x4000,
  MSG_CMSG_CLOEXEC: 0x40000000,
} as const;
const { MSG_OOB, MSG_PEEK, MSG_CTRUNC, MSG_TRUNC, MSG_DONTWAIT, MSG_WAITALL, MSG_NOSIGNAL, MSG_CMSG_CLOEXEC } = MessageFlags;

export const SOL_SOCKET = 1;
const SCM_RIGHTS = 1;
const SCM_CREDENTIALS = 2;
/** SCM_MAX_FD: descriptors one message may pass. */
const SCM_MAX_FD = 253;
/** sizeof(struct cmsghdr): size_t cmsg_len, int cmsg_level, int cmsg_type. */
const CMSG_HEADER = 16;
/** sizeof(struct msghdr) and the offsets of its fields (LP64). */
const MSGHDR_SIZE = 56;
const MSGHDR_NAMELEN = 8;
const MSGHDR_CONTROLLEN = 40;
const MSGHDR_FLAGS = 48;
/** sizeof(struct sockaddr_un) and sizeof(struct sockaddr_storage). */
const SOCKADDR_UN_SIZE = 110;
const SOCKADDR_STORAGE_SIZE = 128;
/** What getsockname and getpeername report for an unnamed AF_UNIX socket: sun_family alone. */
const UNNAMED = new Uint8Array([AF_UNIX, 0]);

/** The SOL_SOCKET options (asm-generic/socket.h). */
export const SocketOption = {
  SO_DEBUG: 1,
  SO_REUSEADDR: 2,
  SO_TYPE: 3,
  SO_ERROR: 4,
  SO_DONTROUTE: 5,
  SO_BROADCAST: 6,
  SO_SNDBUF: 7,
  SO_RCVBUF: 8,
  SO_KEEPALIVE: 9,
  SO_OOBINLINE: 10,
  SO_PASSCRED: 16,
  SO_PEERCRED: 17,
  SO_RCVLOWAT: 18,
  SO_SNDLOWAT: 19,
  SO_ACCEPTCONN: 30,
  SO_PROTOCOL: 38,
  SO_DOMAIN: 39,
} as const;
/** sysctl net.core.wmem_max and rmem_max at their defaults, and SOCK_MIN_SNDBUF / SOCK_MIN_RCVBUF. */
const BUFFER_MAX = 212992;
const MIN_SNDBUF = 4608;
const MIN_RCVBUF = 2304;

function isErrno(error: unknown, errno: number): boolean {
  return error instanceof SyscallError && error.errno === errno;
}

function int32(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setInt32(0, value, true);
  return out;
}

function readInt(ctx: SyscallContext, address: number): number {
  return new DataView(ctx.memory.read(address, 4).buffer).getInt32(0, true);
}

/** The socket open at `fd`: EBADF when nothing is, ENOTSOCK when it is another kind of file. */
function socketAt(ctx: SyscallContext, fd: number): UnixSocket {
  const file = ctx.process.fds.get(fd);
  if (!(file instanceof UnixSocket)) throw new SyscallError(Errno.ENOTSOCK);
  return file;
}

function notImplemented(ctx: SyscallContext, what: string, errno: number): SyscallError {
  ctx.kernel.config.trace?.(`${what} is not implemented: ${errnoName(errno)}`);
  return new SyscallError(errno);
}

/**
 * sock_create's checks, then unix_create's: the AF_UNIX socket type that `type` and `protocol`
 * ask for (SOCK_RAW gives a datagram socket), or the errno Linux fails with.
 */
function unixSocketType(ctx: SyscallContext, call: string, family: number, type: number, protocol: number): number {
  if (family < 0 || family >= AF_MAX) throw new SyscallError(Errno.EAFNOSUPPORT);
  if (type >= SOCK_MAX) throw new SyscallError(Errno.EINVAL);
  if (family !== AF_UNIX) {
    const name = FAMILIES_WITHOUT_PAIRS.get(family);
    if (call === 'socketpair' && name !== undefined) throw new SyscallError(Errno.EOPNOTSUPP);
    throw notImplemented(ctx, `${call}: address family ${name ?? family}`, Errno.EAFNOSUPPORT);
  }
  if (protocol !== 0 && protocol !== AF_UNIX) throw new SyscallError(Errno.EPROTONOSUPPORT);
  switch (type) {
    case SocketType.SOCK_STREAM:
    case SocketType.SOCK_SEQPACKET:
    case SocketType.SOCK_DGRAM:
      return type;
    case SOCK_RAW:
      return SocketType.SOCK_DGRAM;
    default:
      throw new SyscallError(Errno.ESOCKTNOSUPPORT);
  }
}

/** The SOCK_CLOEXEC and SOCK_NONBLOCK bits of socket's and socketpair's type argument; anything else there is EINVAL. */
function typeFlags(type: number): { readonly cloexec: boolean; readonly status: number } {
  const flags = type & ~SOCK_TYPE_MASK;
  if ((flags & ~(OpenFlags.O_CLOEXEC | OpenFlags.O_NONBLOCK)) !== 0) throw new SyscallError(Errno.EINVAL);
  return { cloexec: (flags & OpenFlags.O_CLOEXEC) !== 0, status: flags & OpenFlags.O_NONBLOCK };
}

/** socket(2): only socket pairs exist here, so every family fails, with a --verbose note. */
function socket(ctx: SyscallContext): number {
  typeFlags(ctx.args.int(1));
  unixSocketType(ctx, 'socket', ctx.args.int(0), ctx.args.int(1) & SOCK_TYPE_MASK, ctx.args.int(2));
  throw notImplemented(ctx, 'socket: an AF_UNIX socket outside socketpair (bind, connect, listen)', Errno.EAFNOSUPPORT);
}

/**
 * socketpair(2): two connected AF_UNIX sockets at the two lowest free descriptors. As Linux it
 * finds the descriptors and checks where they go before it looks at the family and type.
 */
function socketpair(ctx: SyscallContext): number {
  const { cloexec, status } = typeFlags(ctx.args.int(1));
  const address = ctx.args.ulong(3);
  const fds = ctx.process.fds;
  fds.lowestFree(fds.lowestFree() + 1);
  ctx.memory.checkWritable(address, 8);
  const type = unixSocketType(ctx, 'socketpair', ctx.args.int(0), ctx.args.int(1) & SOCK_TYPE_MASK, ctx.args.int(2));
  const { uid, gid } = ctx.kernel.config.credentials;
  const random = ctx.kernel.random;
  const ends = UnixSocket.pair(type, [random.nextUint32(), random.nextUint32()], status, { pid: ctx.process.pid, uid, gid });
  const out = new Uint8Array(8);
  out.set(int32(fds.open(ends[0], cloexec)), 0);
  out.set(int32(fds.open(ends[1], cloexec)), 4);
  ctx.memory.write(address, out);
  return 0;
}


/**
 * The send side of send, sendto, sendmsg: `rights` go with the first byte. A stream send that may
 * block goes on until every byte went (or a signal, or the peer stopped reading); EPIPE raises
 * SIGPIPE on a stream unless MSG_NOSIGNAL.
 */
function transmit(ctx: SyscallContext, socket: UnixSocket, data: Uint8Array, rights: Rights | undefined, flags: number, named: boolean): number | typeof KEEP_REGISTERS {
  if ((flags & MSG_OOB) !== 0) throw notImplemented(ctx, 'send: MSG_OOB', Errno.EOPNOTSUPP);
  if (named && socket.stream) throw new SyscallError(Errno.EISCONN);
  if (named && socket.type === SocketType.SOCK_DGRAM) throw notImplemented(ctx, 'sendto: a named AF_UNIX address', Errno.EOPNOTSUPP);
  const nonBlocking = socket.nonBlocking || (flags & MSG_DONTWAIT) !== 0;
  let sent: number;
  try {
    sent = socket.send(data, rights, nonBlocking);
  } catch (error) {
    if (isErrno(error, Errno.EPIPE) && !(error instanceof EpipeWithoutSignal) && (flags & MSG_NOSIGNAL) === 0) raiseSigpipe(ctx);
    throw error;
  }
  if (sent === data.length || nonBlocking) return sent;
  return keepGoing(
    ctx,
    'send to a full socket',
    () => {
      try {
        sent += socket.send(data.subarray(sent), undefined, true);
      } catch (error) {
        if (isErrno(error, Errno.EAGAIN)) return undefined;
        if (error instanceof SyscallError) return sent;
        throw error;
      }
      return sent === data.length ? sent : undefined;
    },
    () => sent,
  );
}

/** move_addr_to_user: as much of `name` as the caller's buffer holds, and its whole length. */
function storeAddress(ctx: SyscallContext, address: number, lengthAddress: number, name: Uint8Array): void {
  const room = readInt(ctx, lengthAddress);
  if (room < 0) throw new SyscallError(Errno.EINVAL);
  if (room > 0) ctx.memory.write(address, name.subarray(0, room));
  ctx.memory.write(lengthAddress, int32(name.length));
}

/** How a receive ends, once its bytes are in the buffers: the caller stores the rest of the reply and gives the result. */
type Finish = (total: number, last: Received) => number;

/**
 * The receive side of recv, recvfrom, recvmsg: fills the buffers, then `finish`. With MSG_WAITALL a
 * blocking stream receive goes on until the buffers are full, the peer stops writing, descriptors
 * arrive or a signal comes; a peek waits until that much is queued.
 */
function receiveInto(ctx: SyscallContext, socket: UnixSocket, vecs: readonly IoVec[], flags: number, finish: Finish): number | typeof KEEP_REGISTERS {
  const peek = (flags & MSG_PEEK) !== 0;
  const nonBlocking = socket.nonBlocking || (flags & MSG_DONTWAIT) !== 0;
  const max = bufferRoom(ctx, vecs);
  const got = socket.receive(max, peek, nonBlocking);
  scatter(ctx, vecs, got.data, 0);
  let total = got.data.length;
  const complete = (flags & MSG_WAITALL) === 0 || !socket.stream || total === max || total === 0 || got.rights !== undefined || nonBlocking;
  if (complete) return finish(total, got);
  if (peek) {
    if ((socket.shutdown & Shutdown.RCV) !== 0) return finish(total, got);
    throw new WouldBlock('recv with MSG_WAITALL | MSG_PEEK');
  }
  let last = got;
  return keepGoing(
    ctx,
    'recv with MSG_WAITALL',
    () => {
      for (;;) {
        try {
          last = socket.receive(max - total, false, true);
        } catch (error) {
          if (isErrno(error, Errno.EAGAIN)) return undefined;
          if (error instanceof SyscallError) return finish(total, last);
          throw error;
        }
        scatter(ctx, vecs, last.data, total);
        total += last.data.length;
        if (last.data.length === 0 || total === max || last.rights !== undefined) return finish(total, last);
      }
    },
    () => finish(total, last),
  );
}

/** What recv returns: with MSG_TRUNC, a datagram's whole length rather than what was copied. */
function receiveResult(socket: UnixSocket, flags: number, total: number, last: Received): number {
  return (flags & MSG_TRUNC) !== 0 && !socket.stream ? last.length : total;
}

function sendto(ctx: SyscallContext): number | typeof KEEP_REGISTERS {
  const socket = socketAt(ctx, ctx.args.int(0));
  const data = ctx.memory.read(ctx.args.ulong(1), Math.min(ctx.args.ulong(2), MAX_TRANSFER));
  const named = ctx.args.ulong(4) !== 0 && socketAddress(ctx, ctx.args.ulong(4), ctx.args.int(5));
  return transmit(ctx, socket, data, undefined, ctx.args.int(3), named);
}

/** A destination address (move_addr_to_kernel, then unix_validate_addr): whether there is one; only its form is checked. */
function socketAddress(ctx: SyscallContext, address: number, length: number): boolean {
  if (length < 0 || length > SOCKADDR_STORAGE_SIZE) throw new SyscallError(Errno.EINVAL);
  if (length === 0) return false;
  const name = ctx.memory.read(address, length);
  if (length <= 2 || length > SOCKADDR_UN_SIZE || name[0]! + name[1]! * 256 !== AF_UNIX) throw new SyscallError(Errno.EINVAL);
  return true;
}

function recvfrom(ctx: SyscallContext): number | typeof KEEP_REGISTERS {
  const socket = socketAt(ctx, ctx.args.int(0));
  const flags = ctx.args.int(3);
  const source = ctx.args.ulong(4);
  const sourceLength = ctx.args.ulong(5);
  const vecs = [{ base: ctx.args.ulong(1), length: Math.min(ctx.args.ulong(2), MAX_TRANSFER) }];
  return receiveInto(ctx, socket, vecs, flags, (total, last) => {
    // No room for descriptors: those that came are closed, unless they stay queued (MSG_PEEK).
    if ((flags & MSG_PEEK) === 0) last.rights?.release();
    if (source !== 0) storeAddress(ctx, source, sourceLength, new Uint8Array(0));
    return receiveResult(socket, flags, total, last);
  });
}

/** struct msghdr, as __copy_msghdr reads it. */
interface MessageHeader {
  readonly name: number;
  readonly nameLength: number;
  readonly vecs: readonly IoVec[];
  readonly control: number;
  readonly controlLength: number;
}

function readMessageHeader(ctx: SyscallContext, address: number): MessageHeader {
  const view = new DataView(ctx.memory.read(address, MSGHDR_SIZE).buffer);
  const name = Number(view.getBigUint64(0, true));
  const nameLength = view.getInt32(MSGHDR_NAMELEN, true);
  if (name !== 0 && nameLength < 0) throw new SyscallError(Errno.EINVAL);
  const count = Number(view.getBigUint64(24, true));
  if (count > IOV_MAX) throw new SyscallError(Errno.EMSGSIZE);
  return {
    name,
    nameLength: name === 0 ? 0 : Math.min(nameLength, SOCKADDR_STORAGE_SIZE),
    vecs: readIoVecs(ctx, Number(view.getBigUint64(16, true)), count),
    control: Number(view.getBigUint64(32, true)),
    controlLength: Number(view.getBigUint64(MSGHDR_CONTROLLEN, true)),
  };
}

/**
 * The descriptors a sendmsg passes (__scm_send): every SCM_RIGHTS message of the control data,
 * at most SCM_MAX_FD in all, each open (EBADF). SCM_CREDENTIALS is checked for size and otherwise
 * ignored (nobody here receives credentials); another SOL_SOCKET type is EINVAL, other levels are skipped.
 */
function passedRights(ctx: SyscallContext, address: number, length: number): Rights | undefined {
  if (length > 0x7fffffff) throw new SyscallError(Errno.ENOBUFS);
  if (length < CMSG_HEADER) return undefined;
  const bytes = ctx.memory.read(address, length);
  const view = new DataView(bytes.buffer);
  const files: OpenFile[] = [];
  for (let at = 0; at + CMSG_HEADER <= length; ) {
    const size = Number(view.getBigUint64(at, true));
    if (size < CMSG_HEADER || size > length - at) throw new SyscallError(Errno.EINVAL);
    if (view.getInt32(at + 8, true) === SOL_SOCKET) {
      const type = view.getInt32(at + 12, true);
      if (type === SCM_RIGHTS) {
        const count = Math.floor((size - CMSG_HEADER) / 4);
        if (files.length + count > SCM_MAX_FD) throw new SyscallError(Errno.EINVAL);
        for (let i = 0; i < count; i++) files.push(ctx.process.fds.get(view.getInt32(at + CMSG_HEADER + 4 * i, true)));
      } else if (type !== SCM_CREDENTIALS || size !== CMSG_HEADER + 12) {
        throw new SyscallError(Errno.EINVAL);
      }
    }
    at += Math.ceil(size / 8) * 8;
  }
  return files.length === 0 ? undefined : { files, holder: ctx.process.fds };
}

function sendmsg(ctx: SyscallContext): number | typeof KEEP_REGISTERS {
  const socket = socketAt(ctx, ctx.args.int(0));
  const header = readMessageHeader(ctx, ctx.args.ulong(1));
  const data = Buffer.concat(header.vecs.filter((v) => v.length > 0).map((v) => ctx.memory.read(v.base, v.length)));
  const rights = passedRights(ctx, header.control, header.controlLength);
  const named = header.nameLength > 0 && socketAddress(ctx, header.name, header.nameLength);
  return transmit(ctx, socket, data, rights, ctx.args.int(2), named);
}

/**
 * scm_detach_fds: installs as many of the passed descriptors as the control buffer has room for
 * (MSG_CMSG_CLOEXEC makes them close-on-exec) and writes one SCM_RIGHTS message naming them.
 * Returns the control bytes used and whether some were left out (MSG_CTRUNC); unless it only
 * peeked, the message's hold on the files goes, which closes those left out.
 */
function deliverRights(ctx: SyscallContext, rights: PassedFiles | undefined, peek: boolean, header: MessageHeader, cloexec: boolean): { readonly used: number; readonly truncated: boolean } {
  if (rights === undefined) return { used: 0, truncated: false };
  try {
    if (header.control === 0) return { used: 0, truncated: true };
    const room = header.controlLength <= CMSG_HEADER ? 0 : Math.floor((header.controlLength - CMSG_HEADER) / 4);
    const wanted = rights.files.slice(0, room);
    if (wanted.length === 0) return { used: 0, truncated: true };
    ctx.memory.checkWritable(header.control, CMSG_HEADER + 4 * wanted.length);
    const fds: number[] = [];
    for (const file of wanted) {
      try {
        fds.push(ctx.process.fds.open(file, cloexec));
      } catch (error) {
        if (isErrno(error, Errno.EMFILE)) break;
        throw error;
      }
    }
    if (fds.length > 0) {
      const message = new Uint8Array(CMSG_HEADER + 4 * fds.length);
      const view = new DataView(message.buffer);
      view.setBigUint64(0, BigInt(message.length), true);
      view.setInt32(8, SOL_SOCKET, true);
      view.setInt32(12, SCM_RIGHTS, true);
      fds.forEach((fd, i) => view.setInt32(CMSG_HEADER + 4 * i, fd, true));
      ctx.memory.write(header.control, message);
    }
    // CMSG_SPACE of what was written, or what the buffer had if less.
    const used = fds.length === 0 ? 0 : Math.min(CMSG_HEADER + Math.ceil(fds.length / 2) * 8, header.controlLength);
    return { used, truncated: fds.length < rights.files.length };
  } finally {
    if (!peek) rights.release();
  }
}

function recvmsg(ctx: SyscallContext): number | typeof KEEP_REGISTERS {
  const socket = socketAt(ctx, ctx.args.int(0));
  const address = ctx.args.ulong(1);
  const flags = ctx.args.int(2);
  const header = readMessageHeader(ctx, address);
  return receiveInto(ctx, socket, header.vecs, flags, (total, last) => {
    let replyFlags = flags & MSG_CMSG_CLOEXEC;
    if (last.data.length < last.length) replyFlags |= MSG_TRUNC;
    const control = deliverRights(ctx, last.rights, (flags & MSG_PEEK) !== 0, header, (flags & MSG_CMSG_CLOEXEC) !== 0);
    if (control.truncated) replyFlags |= MSG_CTRUNC;
    if (header.name !== 0) storeAddress(ctx, header.name, address + MSGHDR_NAMELEN, new Uint8Array(0));
    const reply = new DataView(new ArrayBuffer(12));
    reply.setBigUint64(0, BigInt(control.used), true);
    reply.setInt32(8, replyFlags, true);
    ctx.memory.write(address + MSGHDR_CONTROLLEN, new Uint8Array(reply.buffer));
    return receiveResult(socket, flags, total, last);
  });
}

function shutdown(ctx: SyscallContext): number {
  const socket = socketAt(ctx, ctx.args.int(0));
  const how = ctx.args.int(1);
  if (how < 0 || how > 2) throw new SyscallError(Errno.EINVAL);
  socket.shutDown(how);
  return 0;
}

/** getsockname and getpeername: a socket pair's ends are unnamed; a datagram end whose peer closed is no longer connected. */
function socketName(ctx: SyscallContext, peer: boolean): number {
  const socket = socketAt(ctx, ctx.args.int(0));
  if (peer && socket.peer === undefined) throw new SyscallError(Errno.ENOTCONN);
  storeAddress(ctx, ctx.args.ulong(1), ctx.args.ulong(2), UNNAMED);
  return 0;
}

/** The value of a SOL_SOCKET option (sk_getsockopt), undefined for one not implemented. */
function optionValue(socket: UnixSocket, option: number): Uint8Array | undefined {
  switch (option) {
    case SocketOption.SO_TYPE:
      return int32(socket.type);
    case SocketOption.SO_ERROR:
      return int32(socket.takeError());
    case SocketOption.SO_SNDBUF:
      return int32(socket.sndbuf);
    case SocketOption.SO_RCVBUF:
      return int32(socket.rcvbuf);
    case SocketOption.SO_DOMAIN:
      return int32(AF_UNIX);
    case SocketOption.SO_RCVLOWAT:
    case SocketOption.SO_SNDLOWAT:
      return int32(1);
    case SocketOption.SO_PEERCRED: {
      const { pid, uid, gid } = socket.owner;
      const out = new Uint8Array(12);
      out.set(int32(pid), 0);
      out.set(int32(uid), 4);
      out.set(int32(gid), 8);
      return out;
    }
    // Flags nobody here can set.
    case SocketOption.SO_DEBUG:
    case SocketOption.SO_REUSEADDR:
    case SocketOption.SO_DONTROUTE:
    case SocketOption.SO_BROADCAST:
    case SocketOption.SO_KEEPALIVE:
    case SocketOption.SO_OOBINLINE:
    case SocketOption.SO_PASSCRED:
    case SocketOption.SO_ACCEPTCONN:
    case SocketOption.SO_PROTOCOL:
      return int32(0);
    default:
      return undefined;
  }
}

/** getsockopt(2): at most *optlen bytes of the value, and how many in *optlen. AF_UNIX has no options of its own level. */
function getsockopt(ctx: SyscallContext): number {
  const socket = socketAt(ctx, ctx.args.int(0));
  if (ctx.args.int(1) !== SOL_SOCKET) throw new SyscallError(Errno.EOPNOTSUPP);
  const lengthAddress = ctx.args.ulong(4);
  const room = readInt(ctx, lengthAddress);
  if (room < 0) throw new SyscallError(Errno.EINVAL);
  const value = optionValue(socket, ctx.args.int(2));
  if (value === undefined) throw notImplemented(ctx, `getsockopt: SOL_SOCKET option ${ctx.args.int(2)}`, Errno.ENOPROTOOPT);
  const length = Math.min(room, value.length);
  ctx.memory.write(ctx.args.ulong(3), value.subarray(0, length));
  ctx.memory.write(lengthAddress, int32(length));
  return 0;
}

/** setsockopt(2): SO_SNDBUF and SO_RCVBUF, doubled (for the kernel's bookkeeping) and bounded as Linux bounds them. */
function setsockopt(ctx: SyscallContext): number {
  const socket = socketAt(ctx, ctx.args.int(0));
  if (ctx.args.int(1) !== SOL_SOCKET) throw new SyscallError(Errno.EOPNOTSUPP);
  if (ctx.args.int(4) < 4) throw new SyscallError(Errno.EINVAL);
  const requested = readInt(ctx, ctx.args.ulong(3)) >>> 0;
  const value = Math.min(requested, BUFFER_MAX) * 2;
  switch (ctx.args.int(2)) {
    case SocketOption.SO_SNDBUF:
      socket.sndbuf = Math.max(value, MIN_SNDBUF);
      return 0;
    case SocketOption.SO_RCVBUF:
      socket.rcvbuf = Math.max(value, MIN_RCVBUF);
      return 0;
    default:
      throw notImplemented(ctx, `setsockopt: SOL_SOCKET option ${ctx.args.int(2)}`, Errno.ENOPROTOOPT);
  }
}

/** AF_UNIX socket pairs: socketpair and the calls that work on its ends. socket() fails for every family. */
export const socketSyscalls: SyscallTable = {
  socket,
  socketpair,
  sendto,
  recvfrom,
  sendmsg,
  recvmsg,
  shutdown,
  getsockname: (ctx) => socketName(ctx, false),
  getpeername: (ctx) => socketName(ctx, true),
  getsockopt,
  setsockopt,
};
