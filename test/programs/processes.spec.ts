import { describe, expect, it } from 'vitest';
import { runBothWays } from '../support/compareWithHost.js';
import { fixtureEntries, fixtureId, type Libc } from '../support/fixtureManifest.js';

/**
 * The fixtures that start processes print the same whatever the order in which their processes
 * run, natively; under the emulator they must too, on short quanta that switch between the
 * processes in the middle of pipe transfers, forks, waits and execs. (fixtures.spec.ts runs them
 * on the default schedule.)
 */
const SCHEDULES = [
  { seed: 1, quantum: 97 },
  { seed: 2, quantum: 1_009 },
];

const entries = fixtureEntries().filter((entry) => entry.processes === true);
const libcs: Libc[] = ['musl', 'glibc'];

describe.each(libcs)('fixtures with several processes, built with %s', (libc) => {
  it('should include the fork, pipe, exec and spawn programs', () => {
    expect(entries.map(fixtureId)).toEqual(expect.arrayContaining(['fork_wait', 'pipe_chain', 'exec_self', 'posix_spawn']));
  });

  describe.each(entries.map((entry) => [fixtureId(entry), entry] as const))('%s', (_id, entry) => {
    it.each(SCHEDULES)('prints what it prints natively with seed $seed and quantum $quantum', async (schedule) => {
      const { expected, actual } = await runBothWays(entry, libc, schedule);
      expect(actual).toEqual(expected);
    }, 120_000);
  });
});
