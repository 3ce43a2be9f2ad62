import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DirentType } from './DirectoryEntry.js';
import { HostDirectory } from './HostDirectory.js';

let sandbox: string;
const PARENT_INO = 77;

beforeAll(() => {
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-hostdir-'));
  // Enough names that the host's order (hashed on ext4, newest first on tmpfs) is not the sorted one.
  for (let i = 0; i < 24; i++) fs.writeFileSync(path.join(sandbox, `file-${String(i).padStart(2, '0')}`), '');
  fs.mkdirSync(path.join(sandbox, 'sub'));
  fs.symlinkSync('file-00', path.join(sandbox, 'link'));
});

afterAll(() => fs.rmSync(sandbox, { recursive: true, force: true }));

describe('HostDirectory', () => {
  it('should list the entries in the order getdents gives on the host, after . and ..', () => {
    // `ls -f` prints what readdir(3) returns, unsorted: the oracle for the host's order.
    const listed = spawnSync('ls', ['-f', sandbox], { encoding: 'utf8' });
    expect(listed.status).toBe(0);
    const hostOrder = listed.stdout.split('\n').filter((name) => name !== '' && name !== '.' && name !== '..');
    const names = new HostDirectory(sandbox, '/d', 0, PARENT_INO).remaining().map((entry) => entry.name);
    expect(names).toEqual(['.', '..', ...hostOrder]);
  });

  it('should give each entry its type and inode, and .. the parent inode', () => {
    const entries = new Map(new HostDirectory(sandbox, '/d', 0, PARENT_INO).remaining().map((entry) => [entry.name, entry]));
    expect(entries.get('..')).toEqual({ name: '..', ino: PARENT_INO, type: DirentType.DT_DIR });
    expect(entries.get('.')).toEqual({ name: '.', ino: fs.statSync(sandbox).ino, type: DirentType.DT_DIR });
    expect(entries.get('sub')).toEqual({ name: 'sub', ino: fs.statSync(path.join(sandbox, 'sub')).ino, type: DirentType.DT_DIR });
    expect(entries.get('link')).toEqual({ name: 'link', ino: fs.lstatSync(path.join(sandbox, 'link')).ino, type: DirentType.DT_LNK });
    expect(entries.get('file-07')?.type).toBe(DirentType.DT_REG);
  });
});
