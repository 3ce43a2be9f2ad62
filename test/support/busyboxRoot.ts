import fs from 'node:fs';
import path from 'node:path';
import { INPUT_FILES, INPUT_LINKS, TREE_TIME } from './busyboxInvocations.js';

/** Where busybox lives inside a root, and the path both runs give as argv[0]. */
export const GUEST_BUSYBOX = '/bin/busybox';
/** The work directory inside a root: the cwd of every run, holding the input files. */
export const WORK_DIR = 'work';

function setTimes(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const child = path.join(dir, entry.name);
    if (entry.isDirectory()) setTimes(child);
    fs.lutimesSync(child, TREE_TIME, TREE_TIME);
  }
  fs.lutimesSync(dir, TREE_TIME, TREE_TIME);
}

/**
 * A root holding busybox at /bin/busybox and the input tree under /work, every timestamp fixed:
 * built the same way for the native runs and the emulated ones, so `ls -l`, `stat`, `diff -u`
 * and gzip's header see the same files on both sides.
 */
export function makeBusyboxRoot(busybox: string, root: string): void {
  const binary = path.join(root, GUEST_BUSYBOX);
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  fs.copyFileSync(busybox, binary);
  fs.chmodSync(binary, 0o755);
  const work = path.join(root, WORK_DIR);
  for (const [name, contents] of Object.entries(INPUT_FILES)) {
    fs.mkdirSync(path.dirname(path.join(work, name)), { recursive: true });
    fs.writeFileSync(path.join(work, name), contents, { encoding: 'latin1', mode: 0o644 });
  }
  for (const [name, target] of Object.entries(INPUT_LINKS)) fs.symlinkSync(target, path.join(work, name));
  setTimes(work);
}

/** Adds a file a step produced to a root's work directory, with the tree's timestamp. */
export function addWorkFile(root: string, name: string, contents: Uint8Array): void {
  const file = path.join(root, WORK_DIR, name);
  fs.writeFileSync(file, contents, { mode: 0o644 });
  fs.utimesSync(file, TREE_TIME, TREE_TIME);
}
