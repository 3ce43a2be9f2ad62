import { Errno, SyscallError } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { type FdTable } from './FdTable.js';
import { type OpenFile } from './OpenFile.js';
import { OpenFlags } from './OpenFlags.js';
import { PollEvents } from './PollEvents.js';
import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';

/** The socket types an AF_UNIX socket can have (SOCK_RAW is made a SOCK_DGRAM, as Linux does). */
export const SocketType = {
  SOCK_STREAM: 1,
  SOCK_DGRAM: 2,
  SOCK_SEQPACKET: 5,
} as const;

/** sk_shutdown: what shutdown(2) stopped. SHUT_RD sets RCV, SHUT_WR sets SEND, SHUT_RDWR both. */
export const Shutdown = {
  RCV: 1,
  SEND: 2,
  BOTH: 3,
} as const;

/** net.core.wmem_default and rmem_default (and the _max values setsockopt caps at): a new socket's SO_SNDBUF and SO_RCVBUF. */
export const DEFAULT_SOCKET_BUFFER = 212992;

const PAGE = 4096;
/** SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) and of struct sk_buff, on a 64-bit kernel. */
const SHARED_INFO = 320;
const SK_BUFF = 256;
/** SKB_MAX_HEAD(0): what a stream skb keeps in its head; the rest of it goes in pages. */
const SKB_MAX_HEAD = PAGE - SHARED_INFO;
/** SKB_MAX_ALLOC: the largest datagram head; the excess goes in pages, MAX_SKB_FRAGS of them at most. */
const SKB_MAX_ALLOC = 4 * PAGE - SHARED_INFO;
const MAX_SKB_FRAGS = 17;
/** UNIX_SKB_FRAGS_SZ: the paged part of one stream skb at most. */
const UNIX_SKB_FRAGS_SZ = 32768;

function pageAlign(bytes: number): number {
  return Math.ceil(bytes / PAGE) * PAGE;
}

/**
 * An skb's truesize, which is what it charges to its sender's SO_SNDBUF until the receiver frees
 * it: the struct, a kmalloc'ed head (cache-line aligned, with the shared info, in a power-of-two
 * bucket of 512 bytes or more) and whole pages for the rest. This matches what Linux 6.x charges,
 * so a socket fills up after as many writes of a given size as it does natively.
 */
function truesize(head: number, paged: number): number {
  const linear = Math.ceil(head / 64) * 64 + SHARED_INFO;
  return SK_BUFF + Math.max(512, 2 ** Math.ceil(Math.log2(linear))) + pageAlign(paged);
}

/** The next skb unix_stream_sendmsg cuts from `left` bytes: at most half the send buffer, the head in a page and the rest in pages. */
function streamChunk(left: number, sndbuf: number): { readonly size: number; readonly truesize: number } {
  const size = Math.min(left, (sndbuf >> 1) - 64, SKB_MAX_HEAD + UNIX_SKB_FRAGS_SZ);
  const paged = Math.min(size, pageAlign(Math.max(0, size - SKB_MAX_HEAD)));
  return { size, truesize: truesize(size - paged, paged) };
}

/** The truesize of the one skb unix_dgram_sendmsg makes for a datagram of `length` bytes. */
function datagramTruesize(length: number): number {
  const paged = length > SKB_MAX_ALLOC ? pageAlign(Math.min(length - SKB_MAX_ALLOC, MAX_SKB_FRAGS * PAGE)) : 0;
  return truesize(length - paged, paged);
}

/** Descriptors to pass (SCM_RIGHTS): the open files, and the table of the sender that names them. */
export interface Rights {
  readonly files: readonly OpenFile[];
  readonly holder: FdTable;
}

/**
 * Descriptors in flight: the files stay open while the message that carries them is queued (a
 * reference held through the sender's table), until the receiver has installed its own
 * descriptors for them or the message is discarded.
 */
export class PassedFiles {
  private held = true;

  constructor(readonly rights: Rights) {
    for (const file of rights.files) rights.holder.hold(file);
  }

  get files(): readonly OpenFile[] {
    return this.rights.files;
  }

  /** The message is gone: each file is released unless a descriptor still refers to it. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    for (const file of this.rights.files) this.rights.holder.drop(file);
  }
}

/** One skb on a receive queue. A stream reader may take part of it (`consumed`); its descriptors go with the first byte read. */
interface Segment {
  readonly data: Uint8Array;
  consumed: number;
  rights: PassedFiles | undefined;
  readonly sender: UnixSocket;
  readonly truesize: number;
}

/** What one receive took. */
export interface Received {
  /** The bytes, at most as many as asked for; none at end of file. */
  readonly data: Uint8Array;
  /** The datagram's whole length (what MSG_TRUNC returns); for a stream, the bytes taken. */
  readonly length: number;
  /**
   * Descriptors that came with the bytes. The receiver installs what it has room for; then,
   * unless it only peeked, it releases the message's hold, which closes the rest.
   */
  readonly rights: PassedFiles | undefined;
}

const NOTHING: Received = { data: new Uint8Array(0), length: 0, rights: undefined };

/** Who created a socket pair: its descriptors' owner (fstat) and the peer credentials both ends report (SO_PEERCRED). */
export interface SocketOwner {
  readonly pid: number;
  readonly uid: number;
  readonly gid: number;
}

/**
 * EPIPE from a datagram or seqpacket socket. Unlike a pipe's or a stream socket's, it comes
 * without SIGPIPE (unix_dgram_sendmsg raises none), write(2) included.
 */
export class EpipeWithoutSignal extends SyscallError {
  constructor() {
    super(Errno.EPIPE);
  }
}

/**
 * One end of an AF_UNIX socket pair (net/unix/af_unix.c), an open file like a pipe end but
 * bidirectional: each end has a receive queue of skbs that its peer fills. What an end has sent
 * and its peer not yet consumed is charged to the sender's SO_SNDBUF, with Linux's skb sizes:
 * a sender finds no room when that reaches SO_SNDBUF, and polls writable again once it is down
 * to a quarter. A stream reader takes bytes across skbs; a datagram or seqpacket reader takes
 * one whole skb (a short read drops the rest of it). Like a pipe, an operation that must wait
 * throws WouldBlock and runs again when the scheduler looks at the task.
 */
export class UnixSocket implements OpenFile {
  readonly terminal = false;
  /** The other end; a datagram socket loses it when it finds the other end closed (it is then disconnected). */
  peer: UnixSocket | undefined;
  shutdown = 0;
  /** sk_err: an error the next operation reports once (ECONNRESET when the peer closed with data unread). */
  error = 0;
  sndbuf = DEFAULT_SOCKET_BUFFER;
  rcvbuf = DEFAULT_SOCKET_BUFFER;
  private readonly queue: Segment[] = [];
  /** sk_wmem_alloc: the truesize of what this end sent that is still queued at its peer. */
  private written = 0;
  /** Its last descriptor was closed (SOCK_DEAD). */
  private dead = false;

  constructor(
    readonly type: number,
    readonly ino: number,
    public statusFlags: number,
    readonly owner: SocketOwner,
  ) {}

  /** socketpair(2): two connected ends of `type`, read-write, with `statusFlags` (O_NONBLOCK) on both. */
  static pair(type: number, inos: readonly [number, number], statusFlags: number, owner: SocketOwner): [UnixSocket, UnixSocket] {
    const flags = OpenFlags.O_RDWR | statusFlags;
    const first = new UnixSocket(type, inos[0], flags, owner);
    const second = new UnixSocket(type, inos[1], flags, owner);
    first.peer = second;
    second.peer = first;
    return [first, second];
  }

  get path(): string {
    return `socket:[${this.ino}]`;
  }

  get stream(): boolean {
    return this.type === SocketType.SOCK_STREAM;
  }

  get nonBlocking(): boolean {
    return (this.statusFlags & OpenFlags.O_NONBLOCK) !== 0;
  }

  /** read(2): recv without flags. Descriptors that came with the bytes have nowhere to go and are closed. */
  read(target: Uint8Array, position?: number): number {
    if (position !== undefined) throw new SyscallError(Errno.ESPIPE);
    if (target.length === 0) return 0;
    const got = this.receive(target.length, false, this.nonBlocking);
    got.rights?.release();
    target.set(got.data);
    return got.data.length;
  }

  /**
   * write(2): send without flags. A blocking write to a stream waits until its send buffer has
   * room for all of it, so that it returns the whole count as Linux's does; one larger than the
   * buffer could ever take goes in parts, each a short count (as this emulator's pipes do).
   * send(2) instead goes on where it stopped (see socketSyscalls).
   */
  write(data: Uint8Array, position?: number): number {
    if (position !== undefined) throw new SyscallError(Errno.ESPIPE);
    if (this.stream && !this.nonBlocking && (this.shutdown & Shutdown.SEND) === 0 && !this.fits(data.length, this.written) && this.fits(data.length, 0)) {
      throw new WouldBlock('write to a full socket');
    }
    return this.send(data, undefined, this.nonBlocking);
  }

  /**
   * Sends `data`, with `rights` passed along with its first byte. A stream takes what the send
   * buffer has room for, in skbs cut as Linux cuts them, and returns how much; it fails only when
   * nothing could go: EAGAIN or WouldBlock for want of room, EPIPE once either side shut it down
   * (the caller raises SIGPIPE). A datagram goes whole or not at all, and too long a one fails
   * with EMSGSIZE. The descriptors are held only once queued: a send that fails passes none.
   */
  send(data: Uint8Array, rights: Rights | undefined, nonBlocking: boolean): number {
    return this.stream ? this.sendStream(data, rights, nonBlocking) : this.sendDatagram(data, rights, nonBlocking);
  }

  /** unix_stream_sendmsg. */
  private sendStream(data: Uint8Array, rights: Rights | undefined, nonBlocking: boolean): number {
    const peer = this.connectedPeer();
    if ((this.shutdown & Shutdown.SEND) !== 0) throw new SyscallError(Errno.EPIPE);
    let sent = 0;
    let passing = rights;
    while (sent < data.length) {
      if (!this.hasRoom()) {
        if (sent > 0) return sent;
        this.mustWait(nonBlocking, 'send to a full socket');
      }
      if (peer.dead || (peer.shutdown & Shutdown.RCV) !== 0) {
        if (sent > 0) return sent;
        throw new SyscallError(Errno.EPIPE);
      }
      const chunk = streamChunk(data.length - sent, this.sndbuf);
      peer.enqueue(data.slice(sent, sent + chunk.size), passing, this, chunk.truesize);
      passing = undefined;
      sent += chunk.size;
    }
    return sent;
  }

  /** unix_dgram_sendmsg, and unix_seqpacket_sendmsg before it. */
  private sendDatagram(data: Uint8Array, rights: Rights | undefined, nonBlocking: boolean): number {
    if (this.type === SocketType.SOCK_SEQPACKET) this.throwError();
    const peer = this.connectedPeer();
    if (data.length > this.sndbuf - 32) throw new SyscallError(Errno.EMSGSIZE);
    // sock_alloc_send_pskb: a pending error, then a shut down sender, then room.
    this.throwError();
    if ((this.shutdown & Shutdown.SEND) !== 0) throw new EpipeWithoutSignal();
    if (!this.hasRoom()) this.mustWait(nonBlocking, 'send to a full socket');
    if (peer.dead) {
      if (this.type === SocketType.SOCK_SEQPACKET) throw new EpipeWithoutSignal();
      // A datagram socket whose peer is gone is disconnected, and what it had received is lost.
      this.peer = undefined;
      this.purge();
      throw new SyscallError(Errno.ECONNREFUSED);
    }
    if ((peer.shutdown & Shutdown.RCV) !== 0) throw new EpipeWithoutSignal();
    peer.enqueue(data.slice(), rights, this, datagramTruesize(data.length));
    return data.length;
  }

  /**
   * Takes up to `max` bytes, or with `peek` copies them and leaves them queued. A stream gathers
   * bytes across skbs but stops after one that carried descriptors; a datagram socket takes one
   * skb. With nothing queued: a pending error, end of file once the receiving side is shut down
   * (a stream's or seqpacket's peer closing does that), else EAGAIN or WouldBlock.
   */
  receive(max: number, peek: boolean, nonBlocking: boolean): Received {
    if (!this.stream) return this.receiveDatagram(max, peek, nonBlocking);
    if (this.queue.length === 0) {
      this.throwError();
      if ((this.shutdown & Shutdown.RCV) !== 0) return NOTHING;
      this.mustWait(nonBlocking, 'recv from an empty socket');
    }
    const parts: Uint8Array[] = [];
    let total = 0;
    let rights: PassedFiles | undefined;
    for (let i = 0; i < this.queue.length; ) {
      const segment = this.queue[i]!;
      const chunk = Math.min(segment.data.length - segment.consumed, max - total);
      parts.push(segment.data.subarray(segment.consumed, segment.consumed + chunk));
      total += chunk;
      if (peek) {
        if (segment.rights !== undefined) {
          rights = segment.rights;
          break;
        }
        i++;
      } else {
        segment.consumed += chunk;
        rights ??= segment.rights;
        segment.rights = undefined;
        if (segment.consumed < segment.data.length) break;
        this.unlink(0);
        if (rights !== undefined) break;
      }
      if (total === max) break;
    }
    const data = Buffer.concat(parts);
    return { data, length: data.length, rights };
  }

  /** __unix_dgram_recvmsg: a pending error comes before any datagram. */
  private receiveDatagram(max: number, peek: boolean, nonBlocking: boolean): Received {
    this.throwError();
    const segment = this.queue[0];
    if (segment === undefined) {
      // A shut down seqpacket socket reads end of file even without waiting; a datagram one only when it may wait.
      if ((this.shutdown & Shutdown.RCV) !== 0 && (this.type === SocketType.SOCK_SEQPACKET || !nonBlocking)) return NOTHING;
      this.mustWait(nonBlocking, 'recv from an empty socket');
    }
    if (!peek) this.unlink(0);
    return { data: segment.data.subarray(0, max), length: segment.data.length, rights: segment.rights };
  }

  /**
   * shutdown(2) with SHUT_RD (0), SHUT_WR (1) or SHUT_RDWR (2). On a stream or seqpacket socket
   * the peer gets the mirror image: its sends fail once this end stops reading, and it reads end
   * of file once this end stops writing.
   */
  shutDown(how: number): void {
    const mode = (how + 1) & Shutdown.BOTH;
    this.shutdown |= mode;
    const peer = this.peer;
    if (peer === undefined || this.type === SocketType.SOCK_DGRAM) return;
    if ((mode & Shutdown.RCV) !== 0) peer.shutdown |= Shutdown.SEND;
    if ((mode & Shutdown.SEND) !== 0) peer.shutdown |= Shutdown.RCV;
  }

  /** FIONREAD (unix_inq_len): the bytes queued, or a datagram socket's next datagram's length. */
  inputLength(): number {
    if (this.type === SocketType.SOCK_DGRAM) return this.queue[0]?.data.length ?? 0;
    return this.queue.reduce((sum, segment) => sum + segment.data.length - segment.consumed, 0);
  }

  /** SO_ERROR and the operations that report sk_err: the pending error, cleared. */
  takeError(): number {
    const error = this.error;
    this.error = 0;
    return error;
  }

  /** unix_poll and unix_dgram_poll. A socket polls writable while its unconsumed skbs take at most a quarter of SO_SNDBUF. */
  poll(): number {
    let ready = 0;
    if (this.error !== 0) ready |= PollEvents.POLLERR;
    if (this.shutdown === Shutdown.BOTH) ready |= PollEvents.POLLHUP;
    if ((this.shutdown & Shutdown.RCV) !== 0 || this.queue.length > 0) ready |= PollEvents.POLLIN | PollEvents.POLLRDNORM;
    if ((this.shutdown & Shutdown.RCV) !== 0) ready |= PollEvents.POLLRDHUP;
    if (this.written * 4 <= this.sndbuf) ready |= PollEvents.POLLOUT | PollEvents.POLLWRNORM | PollEvents.POLLWRBAND;
    return ready;
  }

  seek(): number {
    throw new SyscallError(Errno.ESPIPE);
  }

  stat(): StatInfo {
    return { ...syntheticStat(FileType.S_IFSOCK | 0o777, 0, this.ino), uid: this.owner.uid, gid: this.owner.gid };
  }

  /**
   * The last descriptor is closed (unix_release_sock): a stream or seqpacket peer is shut down
   * both ways, with ECONNRESET pending if this end left data unread; a datagram peer finds out at
   * its next send. What was queued here is dropped, descriptors in flight included.
   */
  release(): void {
    this.dead = true;
    const peer = this.peer;
    this.peer = undefined;
    if (peer !== undefined && this.type !== SocketType.SOCK_DGRAM) {
      peer.shutdown = Shutdown.BOTH;
      if (this.queue.length > 0) peer.error = Errno.ECONNRESET;
    }
    this.purge();
  }

  private connectedPeer(): UnixSocket {
    if (this.peer === undefined) throw new SyscallError(Errno.ENOTCONN);
    return this.peer;
  }

  /** Whether a stream send of `length` bytes would go whole with `written` already charged to the send buffer. */
  private fits(length: number, written: number): boolean {
    let charged = written;
    for (let left = length; left > 0; ) {
      if (charged >= this.sndbuf) return false;
      const chunk = streamChunk(left, this.sndbuf);
      charged += chunk.truesize;
      left -= chunk.size;
    }
    return true;
  }

  /** sock_alloc_send_pskb's test: one more skb may go while the unconsumed ones are below SO_SNDBUF. */
  private hasRoom(): boolean {
    return this.written < this.sndbuf;
  }

  private mustWait(nonBlocking: boolean, reason: string): never {
    if (nonBlocking) throw new SyscallError(Errno.EAGAIN);
    throw new WouldBlock(reason);
  }

  private throwError(): void {
    if (this.error !== 0) throw new SyscallError(this.takeError());
  }

  private enqueue(data: Uint8Array, rights: Rights | undefined, sender: UnixSocket, size: number): void {
    this.queue.push({ data, consumed: 0, rights: rights === undefined ? undefined : new PassedFiles(rights), sender, truesize: size });
    sender.written += size;
  }

  /** Frees the skb at `index`: its sender gets the room back. Its descriptors are the caller's business. */
  private unlink(index: number): Segment {
    const [segment] = this.queue.splice(index, 1);
    segment!.sender.written -= segment!.truesize;
    return segment!;
  }

  private purge(): void {
    while (this.queue.length > 0) this.unlink(0).rights?.release();
  }
}
