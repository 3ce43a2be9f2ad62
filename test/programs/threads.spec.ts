import { describe, expect, it } from 'vitest';
import { runBothWays } from '../support/compareWithHost.js';
import { fixtureEntries, fixtureId, type Libc } from '../support/fixtureManifest.js';

/**
 * The multi-threaded fixtures print the same on every schedule natively; under the emulator they
 * must too, on schedules far apart: the default quantum, and short, odd quanta that switch tasks
 * in the middle of lock and condition-variable code, each perturbed by its seed.
 */
const SCHEDULES = [
  { seed: 0, quantum: 200_000 },
  { seed: 1, quantum: 97 },
  { seed: 2, quantum: 1_009 },
  { seed: 3, quantum: 31 },
];

const entries = fixtureEntries().filter((entry) => entry.threads === true);
const libcs: Libc[] = ['musl', 'glibc'];

describe.each(libcs)('threaded fixtures built with %s', (libc) => {
  it('should include the pthread programs', () => {
    expect(entries.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(entries.map((entry) => [fixtureId(entry), entry] as const))('%s', (_id, entry) => {
    it.each(SCHEDULES)('prints what it prints natively with seed $seed and quantum $quantum', async (schedule) => {
      const { expected, actual } = await runBothWays(entry, libc, schedule);
      expect(actual).toEqual(expected);
    }, 120_000);
  });
});
