import { describe, expect, it } from 'vitest';
import { fixtureBinary, fixtureStdin, fixtureWorkdir } from '../support/fixtureManifest.js';
import { fixtureEntry } from '../support/fixtureSession.js';
import { runEmulated } from '../support/runEmulated.js';

/** Guest memory is sparse: pages exist only once touched, whatever was mapped. */
describe('memory scale', () => {
  it('should hold about 1 MiB for a guest that maps 4 GiB and touches 1 MiB of it', async () => {
    const entry = fixtureEntry('bench_sparse');
    const run = await runEmulated(fixtureBinary(entry, 'musl'), ['./bench_sparse'], [], fixtureStdin(entry), fixtureWorkdir(entry));
    expect(run.status).toBe(0);
    // 256 touched pages of the mapping, plus the program's own few dozen.
    expect(run.result.peakGuestBytes).toBeGreaterThanOrEqual(256 * 4096);
    expect(run.result.peakGuestBytes).toBeLessThan(2 * 2 ** 20);
  });
});
