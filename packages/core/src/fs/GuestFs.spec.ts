import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Errno } from '../kernel/Errno.js';
import { errnoOf } from '../testing/syscallHarness.js';
import { GuestFs } from './GuestFs.js';
import { OpenFlags } from './OpenFlags.js';
import { type VirtualNode } from './VirtualNode.js';

let sandbox: string;
let root: string;
let guestFs: GuestFs;

function readAll(guestPath: string, cwd = '/'): string {
  const file = guestFs.open(guestPath, cwd, OpenFlags.O_RDONLY, 0);
  const buffer = new Uint8Array(4096);
  const n = file.read(buffer);
  file.release();
  return Buffer.from(buffer.subarray(0, n)).toString();
}

/** A process's root link, as the kernel's /proc/PID/root is (and /proc/self points at the PID). */
const rootLink: VirtualNode = { type: 'symlink', ino: 7, target: '/' };
const PID = '42';

beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-guestfs-'));
  root = path.join(sandbox, 'root');
  fs.mkdirSync(path.join(root, 'dir', 'sub'), { recursive: true });
  fs.writeFileSync(path.join(sandbox, 'secret'), 'outside the root');
  fs.writeFileSync(path.join(root, 'inside.txt'), 'inside');
  fs.writeFileSync(path.join(root, 'dir', 'sub', 'deep.txt'), 'deep');
  fs.symlinkSync('../../secret', path.join(root, 'dir', 'up-escape'));
  fs.symlinkSync(path.join(sandbox, 'secret'), path.join(root, 'absolute-escape'));
  fs.symlinkSync('/inside.txt', path.join(root, 'dir', 'absolute-inside'));
  fs.symlinkSync('sub/deep.txt', path.join(root, 'dir', 'relative'));
  fs.symlinkSync('loop-b', path.join(root, 'loop-a'));
  fs.symlinkSync('loop-a', path.join(root, 'loop-b'));
  const proc: VirtualNode = {
    type: 'directory',
    ino: 1,
    entries: () => new Map([[PID, { type: 'directory', ino: 2, entries: () => new Map([['root', rootLink]]) }]]),
  };
  guestFs = new GuestFs(root, (name) => (name === 'proc' ? proc : undefined));
});

afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

describe('GuestFs', () => {
  describe('resolve', () => {
    it('should read files inside the root by absolute and relative paths', () => {
      expect(readAll('/inside.txt')).toBe('inside');
      expect(readAll('sub/deep.txt', '/dir')).toBe('deep');
      expect(readAll('relative', '/dir')).toBe('deep');
    });

    it('should stop .. at the root', () => {
      expect(readAll('/../../../inside.txt')).toBe('inside');
      expect(readAll('../../../../inside.txt', '/dir/sub')).toBe('inside');
    });

    it('should resolve a relative symlink that climbs out as if the root were /', () => {
      // ../../secret from /dir is /secret inside the root, which does not exist.
      expect(errnoOf(() => readAll('/dir/up-escape'))).toBe(Errno.ENOENT);
    });

    it('should resolve an absolute symlink inside the root, never on the host', () => {
      expect(errnoOf(() => readAll('/absolute-escape'))).toBe(Errno.ENOENT);
      expect(readAll('/dir/absolute-inside')).toBe('inside');
    });

    it("should keep a process's /proc/PID/root link inside the root", () => {
      expect(readAll(`/proc/${PID}/root/inside.txt`)).toBe('inside');
      expect(readAll(`/proc/${PID}/root/../../inside.txt`)).toBe('inside');
      expect(errnoOf(() => readAll(`/proc/${PID}/root${sandbox}/secret`))).toBe(Errno.ENOENT);
    });

    it('should report ELOOP for symlink cycles and ENOTDIR through files', () => {
      expect(errnoOf(() => readAll('/loop-a'))).toBe(Errno.ELOOP);
      expect(errnoOf(() => readAll('/inside.txt/x'))).toBe(Errno.ENOTDIR);
    });

    it('should not follow a final symlink with O_NOFOLLOW', () => {
      expect(errnoOf(() => guestFs.open('/dir/relative', '/', OpenFlags.O_RDONLY | OpenFlags.O_NOFOLLOW, 0))).toBe(Errno.ELOOP);
    });
  });

  describe('writes', () => {
    it('should create files only inside the root, even through an escaping symlink', () => {
      const file = guestFs.open('/dir/up-escape', '/', OpenFlags.O_WRONLY | OpenFlags.O_CREAT, 0o644);
      file.write(new TextEncoder().encode('new'));
      file.release();
      expect(fs.readFileSync(path.join(sandbox, 'secret'), 'utf8')).toBe('outside the root');
      expect(fs.readFileSync(path.join(root, 'secret'), 'utf8')).toBe('new');
      fs.unlinkSync(path.join(root, 'secret'));
    });

    it('should refuse to change the emulator’s own trees', () => {
      expect(errnoOf(() => guestFs.mkdir('/proc/x', '/', 0o755))).toBe(Errno.ENOENT);
      expect(errnoOf(() => guestFs.unlink(`/proc/${PID}/root`, '/'))).toBe(Errno.EACCES);
    });

    it('should rename and unlink within the root', () => {
      fs.writeFileSync(path.join(root, 'a.txt'), 'a');
      guestFs.rename({ path: 'a.txt', cwd: '/' }, { path: '/dir/b.txt', cwd: '/' }, false);
      expect(readAll('/dir/b.txt')).toBe('a');
      guestFs.unlink('/dir/b.txt', '/');
      expect(errnoOf(() => readAll('/dir/b.txt'))).toBe(Errno.ENOENT);
    });
  });
});
