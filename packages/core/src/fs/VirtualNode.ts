import { type OpenFile } from './OpenFile.js';

/** A node that exists only in the emulator: /proc and /dev. */
export type VirtualNode =
  | { readonly type: 'directory'; readonly ino: number; entries(): ReadonlyMap<string, VirtualNode> }
  | { readonly type: 'file'; readonly ino: number; content(): Uint8Array }
  | { readonly type: 'symlink'; readonly ino: number; readonly target: string }
  /** A character device: opening it creates a fresh open file. */
  | { readonly type: 'device'; readonly ino: number; open(flags: number): OpenFile }
  /** A magic link (/proc/pid/fd/N, /proc/pid/exe): opening it gives the very file it refers to. */
  | { readonly type: 'descriptor'; readonly ino: number; readonly target: string; readonly file: OpenFile };

export function virtualDirectory(ino: number, entries: () => ReadonlyMap<string, VirtualNode>): VirtualNode {
  return { type: 'directory', ino, entries };
}
