import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HostFile } from '../fs/HostFile.js';
import { OpenFlags } from '../fs/OpenFlags.js';
import { PipeBuffer, PipeEnd } from '../fs/Pipe.js';
import { Whence } from '../fs/seekPosition.js';
import { Errno } from '../kernel/Errno.js';
import { WouldBlock } from '../kernel/WouldBlock.js';
import { errnoOf, HARNESS_MEMORY, SyscallHarness, syscallHandler } from '../testing/syscallHarness.js';
import { fileSyscalls } from './fileSyscalls.js';

const sendfile = syscallHandler(fileSyscalls, 'sendfile');
const sync = syscallHandler(fileSyscalls, 'sync');
const syncfs = syscallHandler(fileSyscalls, 'syncfs');
const OFFSET = HARNESS_MEMORY.address;
const CONTENT = Buffer.from('0123456789abcdefghij');
let sandbox: string;

beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-sendfile-'));
  fs.writeFileSync(path.join(sandbox, 'source'), CONTENT);
});

afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

function openHost(h: SyscallHarness, name: string, flags: number): { fd: number; file: HostFile } {
  const file = new HostFile(fs.openSync(path.join(sandbox, name), flags === OpenFlags.O_RDONLY ? 'r' : 'w+'), `/${name}`, flags);
  return { fd: h.fds.open(file, false), file };
}

function pipe(h: SyscallHarness): { readFd: number; writeFd: number; buffer: PipeBuffer } {
  const buffer = new PipeBuffer(1);
  return { readFd: h.fds.open(new PipeEnd(buffer, false, OpenFlags.O_RDONLY), false), writeFd: h.fds.open(new PipeEnd(buffer, true, OpenFlags.O_WRONLY), false), buffer };
}

function storeOffset(h: SyscallHarness, offset: number): void {
  const bytes = new Uint8Array(8);
  new DataView(bytes.buffer).setBigInt64(0, BigInt(offset), true);
  h.memory.write(OFFSET, bytes);
}

function loadOffset(h: SyscallHarness): number {
  return Number(new DataView(h.memory.read(OFFSET, 8).buffer).getBigInt64(0, true));
}

describe('sendfile', () => {
  it('should copy from the file offset and advance it, without an offset pointer', () => {
    const h = new SyscallHarness();
    const source = openHost(h, 'source', OpenFlags.O_RDONLY);
    const { writeFd, buffer } = pipe(h);
    source.file.seek(4, Whence.SEEK_SET);
    expect(h.call(sendfile, writeFd, source.fd, 0, 6)).toBe(6);
    expect(Buffer.from(buffer.take(100)).toString()).toBe('456789');
    expect(source.file.seek(0, Whence.SEEK_CUR)).toBe(10);
    expect(h.call(sendfile, writeFd, source.fd, 0, 100)).toBe(10);
    expect(h.call(sendfile, writeFd, source.fd, 0, 100)).toBe(0);
  });

  it('should read at the offset pointer, store the new offset and leave the file offset alone', () => {
    const h = new SyscallHarness();
    const source = openHost(h, 'source', OpenFlags.O_RDONLY);
    const target = openHost(h, 'target', OpenFlags.O_RDWR);
    storeOffset(h, 15);
    expect(h.call(sendfile, target.fd, source.fd, OFFSET, 3)).toBe(3);
    expect(loadOffset(h)).toBe(18);
    expect(source.file.seek(0, Whence.SEEK_CUR)).toBe(0);
    expect(fs.readFileSync(path.join(sandbox, 'target'), 'latin1')).toBe('fgh');
  });

  it('should advance the file offset only by what a nearly full pipe took, and take nothing when it has no room', () => {
    const h = new SyscallHarness();
    const source = openHost(h, 'source', OpenFlags.O_RDONLY);
    const { writeFd, buffer } = pipe(h);
    // Every slot holds a page; the last has 4 bytes of room.
    buffer.append(new Uint8Array(65536 - 4));
    expect(() => h.call(sendfile, writeFd, source.fd, 0, 10)).toThrow(WouldBlock);
    expect(source.file.seek(0, Whence.SEEK_CUR)).toBe(0);
    expect(h.call(sendfile, writeFd, source.fd, 0, 4)).toBe(4);
    expect(source.file.seek(0, Whence.SEEK_CUR)).toBe(4);
    expect(() => h.call(sendfile, writeFd, source.fd, 0, 10)).toThrow(WouldBlock);
    expect(source.file.seek(0, Whence.SEEK_CUR)).toBe(4);
  });

  it('should refuse what Linux refuses', () => {
    const h = new SyscallHarness();
    const source = openHost(h, 'source', OpenFlags.O_RDONLY);
    const target = openHost(h, 'target', OpenFlags.O_RDWR);
    const appending = openHost(h, 'appended', OpenFlags.O_WRONLY | OpenFlags.O_APPEND);
    const writeOnly = openHost(h, 'write-only', OpenFlags.O_WRONLY);
    const { readFd, writeFd } = pipe(h);
    expect(errnoOf(() => h.call(sendfile, target.fd, readFd, 0, 1))).toBe(Errno.EINVAL);
    expect(errnoOf(() => h.call(sendfile, appending.fd, source.fd, 0, 1))).toBe(Errno.EINVAL);
    expect(errnoOf(() => h.call(sendfile, target.fd, writeOnly.fd, 0, 1))).toBe(Errno.EBADF);
    expect(errnoOf(() => h.call(sendfile, readFd, source.fd, 0, 1))).toBe(Errno.EBADF);
    expect(errnoOf(() => h.call(sendfile, writeFd, 99, 0, 1))).toBe(Errno.EBADF);
    storeOffset(h, -1);
    expect(errnoOf(() => h.call(sendfile, writeFd, source.fd, OFFSET, 1))).toBe(Errno.EINVAL);
  });
});

describe('sync and syncfs', () => {
  it('should succeed, syncfs only on an open descriptor', () => {
    const h = new SyscallHarness();
    const source = openHost(h, 'source', OpenFlags.O_RDONLY);
    expect(h.call(sync)).toBe(0);
    expect(h.call(syncfs, source.fd)).toBe(0);
    expect(errnoOf(() => h.call(syncfs, 99))).toBe(Errno.EBADF);
  });
});
