import { describe, expect, it } from 'vitest';
import { runBothWays } from '../support/compareWithHost.js';
import { fixtureEntries, fixtureId, type Libc } from '../support/fixtureManifest.js';

// Threaded fixtures run under several schedules in threads.spec.ts.
const entries = fixtureEntries().filter((entry) => entry.bench !== true && entry.threads !== true);
const libcs: Libc[] = ['musl', 'glibc'];

describe.each(libcs)('fixtures built with %s', (libc) => {
  it.each(entries.map((entry) => [fixtureId(entry), entry] as const))('%s prints what it prints natively', async (_id, entry) => {
    const { expected, actual } = await runBothWays(entry, libc);
    expect(actual).toEqual(expected);
  });
});
