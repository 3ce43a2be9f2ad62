import { CharacterDevice } from '../fs/CharacterDevice.js';
import { ImageFile } from '../fs/ImageFile.js';
import { type VirtualNode, virtualDirectory } from '../fs/VirtualNode.js';
import { renderMaps } from '../process/renderMaps.js';
import { type Kernel } from './Kernel.js';
import { type Process } from './Process.js';
import { type Task } from './Task.js';

const encoder = new TextEncoder();

/** A stable inode number for a virtual path (FNV-1a), so repeated stats agree. */
function inodeOf(path: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < path.length; i++) hash = Math.imul(hash ^ path.charCodeAt(i), 0x01000193);
  return (hash >>> 0) + 0x1_0000_0000;
}

function file(path: string, content: () => string | Uint8Array): VirtualNode {
  return { type: 'file', ino: inodeOf(path), content: () => {
    const value = content();
    return typeof value === 'string' ? encoder.encode(value) : value;
  } };
}

function symlink(path: string, target: string): VirtualNode {
  return { type: 'symlink', ino: inodeOf(path), target };
}

/** Linux's new_encode_dev(major, minor) for st_rdev. */
function deviceNumber(major: number, minor: number): number {
  return (minor & 0xff) | (major << 8) | ((minor & ~0xff) << 12);
}

function device(kernel: Kernel, name: string, minor: number, fill: ((b: Uint8Array) => void) | undefined): VirtualNode {
  const rdev = deviceNumber(1, minor);
  return { type: 'device', ino: rdev, open: (flags) => new CharacterDevice(`/dev/${name}`, flags, fill, rdev) };
}

function devTree(kernel: Kernel): VirtualNode {
  const entries = new Map<string, VirtualNode>([
    ['null', device(kernel, 'null', 3, undefined)],
    ['zero', device(kernel, 'zero', 5, (b) => b.fill(0))],
    ['random', device(kernel, 'random', 8, (b) => kernel.random.fill(b))],
    ['urandom', device(kernel, 'urandom', 9, (b) => kernel.random.fill(b))],
    ['stdin', symlink('/dev/stdin', '/proc/self/fd/0')],
    ['stdout', symlink('/dev/stdout', '/proc/self/fd/1')],
    ['stderr', symlink('/dev/stderr', '/proc/self/fd/2')],
    ['fd', symlink('/dev/fd', '/proc/self/fd')],
  ]);
  return virtualDirectory(inodeOf('/dev'), () => entries);
}

function status(kernel: Kernel, task: Task): string {
  const { uid, gid } = kernel.config.credentials;
  const process = task.process;
  return (
    `Name:\t${task.comm}\nUmask:\t${process.umask.toString(8).padStart(4, '0')}\nState:\tR (running)\n` +
    `Tgid:\t${process.pid}\nNgid:\t0\nPid:\t${task.tid}\nPPid:\t${process.ppid}\nTracerPid:\t0\n` +
    `Uid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${gid}\t${gid}\t${gid}\t${gid}\n` +
    `Threads:\t${process.tasks.filter((t) => !t.exited).length}\n`
  );
}

/** /proc/PID/task/TID: what differs between the threads of a process. */
function taskTree(kernel: Kernel, task: Task): VirtualNode {
  const base = `/proc/${task.process.pid}/task/${task.tid}`;
  const entries = (): ReadonlyMap<string, VirtualNode> =>
    new Map<string, VirtualNode>([
      ['comm', file(`${base}/comm`, () => `${task.comm}\n`)],
      ['status', file(`${base}/status`, () => status(kernel, task))],
    ]);
  return virtualDirectory(inodeOf(base), entries);
}

function processTree(kernel: Kernel, process: Process): VirtualNode {
  const base = `/proc/${process.pid}`;
  const tasks = (): ReadonlyMap<string, VirtualNode> => new Map(process.tasks.filter((t) => !t.exited).map((t) => [String(t.tid), taskTree(kernel, t)]));
  const descriptors = (): ReadonlyMap<string, VirtualNode> =>
    new Map(
      process.fds.descriptors().map((fd) => {
        const open = process.fds.get(fd);
        return [String(fd), { type: 'descriptor', ino: inodeOf(`${base}/fd/${fd}`), target: open.path, file: open } as VirtualNode];
      }),
    );
  const entries = (): ReadonlyMap<string, VirtualNode> =>
    new Map<string, VirtualNode>([
      ['maps', file(`${base}/maps`, () => renderMaps(process.space))],
      ['exe', { type: 'descriptor', ino: inodeOf(`${base}/exe`), target: process.exePath, file: new ImageFile(process.executable) }],
      ['cwd', symlink(`${base}/cwd`, process.cwd)],
      ['root', symlink(`${base}/root`, '/')],
      ['cmdline', file(`${base}/cmdline`, () => process.commandLine)],
      ['environ', file(`${base}/environ`, () => process.environment)],
      ['status', file(`${base}/status`, () => status(kernel, process.mainTask))],
      ['comm', file(`${base}/comm`, () => `${process.comm}\n`)],
      ['task', virtualDirectory(inodeOf(`${base}/task`), tasks)],
      ['fd', virtualDirectory(inodeOf(`${base}/fd`), descriptors)],
    ]);
  return virtualDirectory(inodeOf(base), entries);
}

function procTree(kernel: Kernel): VirtualNode {
  const entries = (): ReadonlyMap<string, VirtualNode> => {
    const map = new Map<string, VirtualNode>();
    const self = kernel.current?.process;
    if (self !== undefined) {
      map.set('self', symlink('/proc/self', String(self.pid)));
      map.set('thread-self', symlink('/proc/thread-self', `${self.pid}/task/${kernel.current!.tid}`));
    }
    for (const process of kernel.processes.values()) if (process.termination === undefined) map.set(String(process.pid), processTree(kernel, process));
    return map;
  };
  return virtualDirectory(inodeOf('/proc'), entries);
}

/** The emulator's /proc and /dev, rebuilt on each lookup so they reflect the current state. */
export function buildVirtualTree(kernel: Kernel, name: string): VirtualNode | undefined {
  if (name === 'dev') return devTree(kernel);
  if (name === 'proc') return procTree(kernel);
  return undefined;
}
