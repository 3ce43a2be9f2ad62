import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fixtureBinary, fixtureEntries, fixtureId, fixtureStdin, fixtureWorkdir, type Libc } from '../support/fixtureManifest.js';
import { runEmulated } from '../support/runEmulated.js';
import { runNative } from '../support/runNative.js';

const entries = fixtureEntries().filter((entry) => entry.bench !== true);
const libcs: Libc[] = ['musl', 'glibc'];

describe.each(libcs)('fixtures built with %s', (libc) => {
  it.each(entries.map((entry) => [fixtureId(entry), entry] as const))('%s prints what it prints natively', async (_id, entry) => {
    const binary = fixtureBinary(entry, libc);
    const argv = [`./${entry.binary ?? entry.name}`, ...entry.args];
    const env = Object.entries(entry.env).map(([name, value]) => `${name}=${value}`);
    const stdin = fixtureStdin(entry);
    const nativeDir = fixtureWorkdir(entry);
    const emulatedDir = fixtureWorkdir(entry);
    try {
      const expected = runNative(binary, argv, env, stdin, nativeDir);
      const actual = await runEmulated(binary, argv, env, stdin, emulatedDir);
      expect({ stdout: actual.stdout, stderr: actual.stderr, status: actual.status, signal: actual.signal }).toEqual(expected);
    } finally {
      fs.rmSync(nativeDir, { recursive: true, force: true });
      fs.rmSync(emulatedDir, { recursive: true, force: true });
    }
  });
});
