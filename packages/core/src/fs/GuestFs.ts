import fs from 'node:fs';
import path from 'node:path';
import { Errno, SyscallError } from '../kernel/Errno.js';
import { DirectoryListing } from './DirectoryListing.js';
import { type DirectoryEntry, DirentType } from './DirectoryEntry.js';
import { HostDirectory } from './HostDirectory.js';
import { HostFile } from './HostFile.js';
import { host } from './hostErrors.js';
import { fromHostStat } from './hostStat.js';
import { MemoryFile } from './MemoryFile.js';
import { type OpenFile } from './OpenFile.js';
import { OpenFlags } from './OpenFlags.js';
import { type ResolvedPath } from './ResolvedPath.js';
import { FileType, type StatInfo, syntheticStat } from './StatInfo.js';
import { type VirtualNode } from './VirtualNode.js';

/** A path argument and the guest directory it is relative to. */
export interface PathRef {
  readonly path: string;
  readonly cwd: string;
}

/** Linux's limit on symbolic links followed while resolving one path (MAXSYMLINKS). */
const MAX_LINKS = 40;
const PATH_MAX = 4096;

/** Where the emulator's own trees hang: the guest sees these, never the root's own /proc or /dev. */
const VIRTUAL_TOPS = new Set(['proc', 'dev']);

function split(p: string): string[] {
  return p.split('/').filter((c) => c !== '' && c !== '.');
}

function joinGuest(components: readonly string[]): string {
  return `/${components.join('/')}`;
}

class VirtualDirectory extends DirectoryListing {
  constructor(
    guestPath: string,
    private readonly node: Extract<VirtualNode, { type: 'directory' }>,
  ) {
    super(guestPath, OpenFlags.O_RDONLY | OpenFlags.O_DIRECTORY);
  }

  stat(): StatInfo {
    return syntheticStat(FileType.S_IFDIR | 0o555, 0, this.node.ino);
  }

  protected list(): DirectoryEntry[] {
    const entries: DirectoryEntry[] = [
      { name: '.', ino: this.node.ino, type: DirentType.DT_DIR },
      { name: '..', ino: 1, type: DirentType.DT_DIR },
    ];
    for (const [name, child] of this.node.entries()) entries.push({ name, ino: child.ino, type: virtualDirentType(child) });
    return entries;
  }
}

function virtualDirentType(node: VirtualNode): number {
  switch (node.type) {
    case 'directory':
      return DirentType.DT_DIR;
    case 'file':
      return DirentType.DT_REG;
    case 'device':
      return DirentType.DT_CHR;
    default:
      return DirentType.DT_LNK;
  }
}

export function virtualStat(node: VirtualNode): StatInfo {
  switch (node.type) {
    case 'directory':
      return syntheticStat(FileType.S_IFDIR | 0o555, 0, node.ino);
    case 'file':
      return syntheticStat(FileType.S_IFREG | 0o444, 0, node.ino);
    case 'device':
      return syntheticStat(FileType.S_IFCHR | 0o666, 0, node.ino, node.ino);
    default:
      return syntheticStat(FileType.S_IFLNK | 0o777, node.target.length, node.ino);
  }
}

/**
 * The guest's file system: the host directory `root` seen as `/`, plus the emulator's /proc and
 * /dev. Every path is resolved component by component here, with `..` stopping at the root and
 * symbolic links expanded inside the guest's namespace, so no path can name anything outside
 * the root; host calls then use the resolved path and never follow a link themselves.
 */
export class GuestFs {
  readonly root: string;

  constructor(
    root: string,
    private readonly virtualTop: (name: string) => VirtualNode | undefined,
  ) {
    this.root = fs.realpathSync(root);
  }

  private hostPathOf(components: readonly string[]): string {
    return components.length === 0 ? this.root : path.join(this.root, ...components);
  }

  /** The node at already-resolved components, without following a final link. */
  private nodeAt(components: readonly string[]): ResolvedPath | undefined {
    const guestPath = joinGuest(components);
    if (components.length > 0 && VIRTUAL_TOPS.has(components[0]!)) {
      let node = this.virtualTop(components[0]!);
      for (const name of components.slice(1)) {
        if (node?.type !== 'directory') return undefined;
        node = node.entries().get(name);
      }
      return node === undefined ? undefined : { kind: 'virtual', guestPath, node };
    }
    const hostPath = this.hostPathOf(components);
    try {
      return { kind: 'host', guestPath, hostPath, stat: fromHostStat(fs.lstatSync(hostPath, { bigint: true })) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'ENOENT') return undefined;
      throw host(() => {
        throw error;
      });
    }
  }

  /** Resolves `guestPath` (relative to the guest directory `cwd`). */
  resolve(guestPath: string, cwd: string, followLast: boolean): ResolvedPath {
    return this.walk(guestPath, cwd, followLast, 0);
  }

  /** Resolves with `links` symbolic links already followed on the way here (MAXSYMLINKS counts them all). */
  private walk(guestPath: string, cwd: string, followLast: boolean, links: number): ResolvedPath {
    if (guestPath === '') throw new SyscallError(Errno.ENOENT);
    if (guestPath.length >= PATH_MAX) throw new SyscallError(Errno.ENAMETOOLONG);
    let done: string[] = guestPath.startsWith('/') ? [] : split(cwd);
    const todo = split(guestPath);
    const trailingSlash = guestPath.endsWith('/');
    while (todo.length > 0) {
      const name = todo.shift()!;
      if (name === '..') {
        done.pop();
        continue;
      }
      const last = todo.length === 0;
      const here = [...done, name];
      const node = this.nodeAt(here);
      if (node === undefined) {
        const parent = this.nodeAt(done);
        if (last && parent?.kind === 'host') return { kind: 'missing', guestPath: joinGuest(here), hostPath: this.hostPathOf(here) };
        throw new SyscallError(Errno.ENOENT);
      }
      const target = linkTarget(node);
      if (target !== undefined && (!last || followLast || trailingSlash)) {
        if (++links > MAX_LINKS) throw new SyscallError(Errno.ELOOP);
        if (node.kind === 'virtual' && node.node.type === 'descriptor' && !this.leadsToItsFile(node.node, links)) {
          if (last) return node;
          throw new SyscallError(Errno.ENOTDIR);
        }
        todo.unshift(...split(target));
        if (target.startsWith('/')) done = [];
        continue;
      }
      if (!last && !isDirectory(node)) throw new SyscallError(Errno.ENOTDIR);
      done = here;
    }
    const node = this.nodeAt(done);
    if (node === undefined) throw new SyscallError(Errno.ENOENT);
    if (trailingSlash && !isDirectory(node)) throw new SyscallError(Errno.ENOTDIR);
    return node;
  }

  /**
   * A magic link (/proc/pid/fd/N, /proc/pid/exe) leads to the very file it refers to. Its path is
   * followed when it still reaches that file inside the root; otherwise (a pipe, a file removed,
   * replaced or outside the root) the link itself stands for the file.
   */
  private leadsToItsFile(link: Extract<VirtualNode, { type: 'descriptor' }>, links: number): boolean {
    if (!link.target.startsWith('/')) return false;
    try {
      const reached = this.walk(link.target, '/', true, links);
      if (reached.kind === 'missing') return false;
      if (reached.kind === 'virtual' && reached.node.type === 'descriptor') return reached.node.file === link.file;
      return (reached.kind === 'host' ? reached.stat : virtualStat(reached.node)).ino === link.file.stat().ino;
    } catch (error) {
      if (error instanceof SyscallError) return false;
      throw error;
    }
  }

  open(guestPath: string, cwd: string, flags: number, mode: number): OpenFile {
    const follow = (flags & OpenFlags.O_NOFOLLOW) === 0;
    const target = this.resolve(guestPath, cwd, follow);
    const creating = (flags & OpenFlags.O_CREAT) !== 0;
    if (target.kind === 'virtual') return this.openVirtual(target.node, target.guestPath, flags);
    if (target.kind === 'missing') {
      if (!creating) throw new SyscallError(Errno.ENOENT);
      return this.openHost(target.hostPath, target.guestPath, flags, mode);
    }
    if (creating && (flags & OpenFlags.O_EXCL) !== 0) throw new SyscallError(Errno.EEXIST);
    if (linkTarget(target) !== undefined) throw new SyscallError(Errno.ELOOP);
    if ((target.stat.mode & FileType.S_IFMT) === FileType.S_IFDIR) {
      if ((flags & OpenFlags.O_ACCMODE) !== OpenFlags.O_RDONLY || creating) throw new SyscallError(Errno.EISDIR);
      return new HostDirectory(target.hostPath, target.guestPath, flags, this.parentIno(target.guestPath));
    }
    if ((flags & OpenFlags.O_DIRECTORY) !== 0) throw new SyscallError(Errno.ENOTDIR);
    return this.openHost(target.hostPath, target.guestPath, flags & ~(OpenFlags.O_CREAT | OpenFlags.O_EXCL), mode);
  }

  private openHost(hostPath: string, guestPath: string, flags: number, mode: number): OpenFile {
    const c = fs.constants;
    const access = flags & OpenFlags.O_ACCMODE;
    let hostFlags = access === OpenFlags.O_WRONLY ? c.O_WRONLY : access === OpenFlags.O_RDWR ? c.O_RDWR : c.O_RDONLY;
    if (flags & OpenFlags.O_CREAT) hostFlags |= c.O_CREAT;
    if (flags & OpenFlags.O_EXCL) hostFlags |= c.O_EXCL;
    if (flags & OpenFlags.O_TRUNC) hostFlags |= c.O_TRUNC;
    hostFlags |= c.O_NOFOLLOW;
    const fd = host(() => fs.openSync(hostPath, hostFlags, mode));
    return new HostFile(fd, guestPath, flags & (OpenFlags.O_ACCMODE | OpenFlags.O_APPEND | OpenFlags.O_NONBLOCK));
  }

  private openVirtual(node: VirtualNode, guestPath: string, flags: number): OpenFile {
    const writing = (flags & OpenFlags.O_ACCMODE) !== OpenFlags.O_RDONLY;
    switch (node.type) {
      case 'directory':
        if (writing) throw new SyscallError(Errno.EISDIR);
        return new VirtualDirectory(guestPath, node);
      case 'file':
        if (writing) throw new SyscallError(Errno.EACCES);
        return new MemoryFile(guestPath, node.content(), node.ino);
      case 'device':
        return node.open(flags);
      case 'descriptor':
        return node.file;
      default:
        throw new SyscallError(Errno.ELOOP);
    }
  }

  private parentIno(guestPath: string): number {
    const parent = split(guestPath).slice(0, -1);
    return Number(host(() => fs.statSync(this.hostPathOf(parent), { bigint: true })).ino & 0x1fffffffffffffn);
  }

  stat(guestPath: string, cwd: string, follow: boolean): StatInfo {
    const node = this.resolve(guestPath, cwd, follow);
    if (node.kind === 'missing') throw new SyscallError(Errno.ENOENT);
    if (node.kind === 'host') return node.stat;
    // A magic link that resolution stopped at stands for its file.
    return follow && node.node.type === 'descriptor' ? node.node.file.stat() : virtualStat(node.node);
  }

  readlink(guestPath: string, cwd: string): string {
    const node = this.resolve(guestPath, cwd, false);
    if (node.kind === 'missing') throw new SyscallError(Errno.ENOENT);
    const target = linkTarget(node);
    if (target === undefined) throw new SyscallError(Errno.EINVAL);
    return target;
  }

  /** Resolves a directory for chdir; returns its canonical guest path. */
  directory(guestPath: string, cwd: string): string {
    const node = this.resolve(guestPath, cwd, true);
    if (node.kind === 'missing') throw new SyscallError(Errno.ENOENT);
    if (!isDirectory(node)) throw new SyscallError(Errno.ENOTDIR);
    return node.guestPath;
  }

  /** A host path to create or change, refusing the emulator's own trees. */
  private writableHost(guestPath: string, cwd: string, follow: boolean, mustExist: boolean): { hostPath: string; guestPath: string; exists: boolean } {
    const node = this.resolve(guestPath, cwd, follow);
    if (node.kind === 'virtual') throw new SyscallError(Errno.EACCES);
    if (node.kind === 'missing') {
      if (mustExist) throw new SyscallError(Errno.ENOENT);
      return { hostPath: node.hostPath, guestPath: node.guestPath, exists: false };
    }
    return { hostPath: node.hostPath, guestPath: node.guestPath, exists: true };
  }

  mkdir(guestPath: string, cwd: string, mode: number): void {
    const target = this.writableHost(guestPath, cwd, false, false);
    if (target.exists) throw new SyscallError(Errno.EEXIST);
    host(() => fs.mkdirSync(target.hostPath, { mode }));
  }

  rmdir(guestPath: string, cwd: string): void {
    const target = this.writableHost(guestPath, cwd, false, true);
    if (target.guestPath === '/') throw new SyscallError(Errno.EBUSY);
    host(() => fs.rmdirSync(target.hostPath));
  }

  unlink(guestPath: string, cwd: string): void {
    const target = this.writableHost(guestPath, cwd, false, true);
    const stat = this.stat(target.guestPath, '/', false);
    if ((stat.mode & FileType.S_IFMT) === FileType.S_IFDIR) throw new SyscallError(Errno.EISDIR);
    host(() => fs.unlinkSync(target.hostPath));
  }

  rename(from: PathRef, to: PathRef, noReplace: boolean): void {
    const source = this.writableHost(from.path, from.cwd, false, true);
    const destination = this.writableHost(to.path, to.cwd, false, false);
    if (noReplace && destination.exists) throw new SyscallError(Errno.EEXIST);
    host(() => fs.renameSync(source.hostPath, destination.hostPath));
  }

  link(from: PathRef, to: PathRef): void {
    const source = this.writableHost(from.path, from.cwd, false, true);
    const destination = this.writableHost(to.path, to.cwd, false, false);
    if (destination.exists) throw new SyscallError(Errno.EEXIST);
    host(() => fs.linkSync(source.hostPath, destination.hostPath));
  }

  /** Symbolic links store the guest's text: they are resolved inside the root when followed. */
  symlink(target: string, linkPath: string, cwd: string): void {
    const destination = this.writableHost(linkPath, cwd, false, false);
    if (destination.exists) throw new SyscallError(Errno.EEXIST);
    host(() => fs.symlinkSync(target, destination.hostPath));
  }

  chmod(guestPath: string, cwd: string, mode: number): void {
    const target = this.writableHost(guestPath, cwd, true, true);
    host(() => fs.chmodSync(target.hostPath, mode & 0o7777));
  }

  truncate(guestPath: string, cwd: string, length: number): void {
    const target = this.writableHost(guestPath, cwd, true, true);
    host(() => fs.truncateSync(target.hostPath, length));
  }

  utimes(guestPath: string, cwd: string, follow: boolean, atime: number | undefined, mtime: number | undefined): void {
    const target = this.writableHost(guestPath, cwd, follow, true);
    const stat = fs.statSync(target.hostPath);
    host(() => fs.utimesSync(target.hostPath, atime ?? stat.atimeMs / 1000, mtime ?? stat.mtimeMs / 1000));
  }

  /** access(2) with the guest's real ids: the host decides read/write/execute. */
  access(guestPath: string, cwd: string, mode: number, follow: boolean): void {
    const node = this.resolve(guestPath, cwd, follow);
    if (node.kind === 'missing') throw new SyscallError(Errno.ENOENT);
    if (node.kind === 'virtual') {
      if ((mode & 2) !== 0 && node.node.type !== 'device') throw new SyscallError(Errno.EACCES);
      return;
    }
    host(() => fs.accessSync(node.hostPath, mode));
  }

  /**
   * The program file execve names: its bytes, the path it has in the guest and its inode. Like
   * Linux's do_open_execat: EACCES unless it is a regular file the guest may execute, ELOOP for
   * a final symbolic link that must not be followed.
   */
  readExecutable(guestPath: string, cwd: string, follow: boolean): { bytes: Uint8Array; guestPath: string; inode: number } {
    const node = this.resolve(guestPath, cwd, follow);
    if (node.kind === 'missing') throw new SyscallError(Errno.ENOENT);
    if (linkTarget(node) !== undefined && !(follow && node.kind === 'virtual' && node.node.type === 'descriptor')) throw new SyscallError(Errno.ELOOP);
    if (node.kind === 'virtual') {
      if (node.node.type !== 'descriptor') throw new SyscallError(Errno.EACCES);
      const file = node.node.file;
      const stat = file.stat();
      if ((stat.mode & FileType.S_IFMT) !== FileType.S_IFREG || (stat.mode & 0o111) === 0) throw new SyscallError(Errno.EACCES);
      return { bytes: readWhole(file), guestPath: node.node.target, inode: stat.ino };
    }
    if ((node.stat.mode & FileType.S_IFMT) !== FileType.S_IFREG) throw new SyscallError(Errno.EACCES);
    host(() => fs.accessSync(node.hostPath, fs.constants.X_OK));
    return { bytes: host(() => fs.readFileSync(node.hostPath)), guestPath: node.guestPath, inode: node.stat.ino };
  }
}

/** Every byte of an open file, read at explicit positions so that its offset does not move. */
function readWhole(file: OpenFile): Uint8Array {
  const chunks: Uint8Array[] = [];
  for (let at = 0; ; ) {
    const chunk = new Uint8Array(1 << 20);
    const n = file.read(chunk, at);
    if (n === 0) return Buffer.concat(chunks);
    chunks.push(chunk.subarray(0, n));
    at += n;
  }
}

function linkTarget(node: ResolvedPath): string | undefined {
  if (node.kind === 'host') {
    return (node.stat.mode & FileType.S_IFMT) === FileType.S_IFLNK ? host(() => fs.readlinkSync(node.hostPath)) : undefined;
  }
  if (node.kind === 'virtual' && (node.node.type === 'symlink' || node.node.type === 'descriptor')) return node.node.target;
  return undefined;
}

function isDirectory(node: ResolvedPath): boolean {
  if (node.kind === 'host') return (node.stat.mode & FileType.S_IFMT) === FileType.S_IFDIR;
  return node.kind === 'virtual' && node.node.type === 'directory';
}

