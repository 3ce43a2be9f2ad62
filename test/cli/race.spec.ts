// `ubp race` (docs/cli.md): the program under several seeds, unprobed and per strategy. On a
// program whose threads all run the probed function at once, only inline-hwbp may lose hits,
// no strategy may change the output, the XOL strategies wait for slots, and a seed reproduces.
import { describe, expect, it } from 'vitest';
import { runUbp } from '../support/runUbp.js';
import { MUSL, parseJson, STRATEGIES } from './cliHarness.js';

interface RaceStrategy {
  name: string;
  runs: number;
  divergentRuns: number;
  missedHits: number;
  slotWaits: number;
  worstSeed: number | null;
}

interface RaceReport {
  program: string;
  seeds: number;
  quantum: number;
  strategies: RaceStrategy[];
}

const PROGRAM = `${MUSL}/threads_xol`;
const race = (seed: number, seeds: number) => runUbp(['race', '--json', '--seeds', String(seeds), '--seed', String(seed), '--quantum', '50', '--probe-all', 'mix', PROGRAM], { timeoutMs: 120_000 });

describe('ubp race', () => {
  const result = race(10, 3);
  const report = parseJson<RaceReport>(result);
  const byName = new Map(report.strategies.map((s) => [s.name, s]));

  it('should print the documented object and exit 0 when no run diverged', () => {
    expect(result.status).toBe(0);
    expect(Object.keys(report).sort()).toEqual(['program', 'quantum', 'seeds', 'strategies']);
    expect(report).toMatchObject({ program: PROGRAM, seeds: 3, quantum: 50 });
    expect(report.strategies.map((s) => s.name)).toEqual(STRATEGIES);
    for (const s of report.strategies) expect(Object.keys(s).sort()).toEqual(['divergentRuns', 'missedHits', 'name', 'runs', 'slotWaits', 'worstSeed']);
  });

  it('should change no output under any strategy', () => {
    for (const s of report.strategies) expect([s.name, s.runs, s.divergentRuns]).toEqual([s.name, 3, 0]);
  });

  it('should lose hits only under inline-hwbp, and name its worst seed', () => {
    const inline = byName.get('inline-hwbp')!;
    expect(inline.missedHits).toBeGreaterThan(0);
    expect(inline.worstSeed).toBeGreaterThanOrEqual(10);
    expect(inline.worstSeed).toBeLessThan(13);
    for (const s of report.strategies.filter((s) => s.name !== 'inline-hwbp')) expect([s.name, s.missedHits, s.worstSeed]).toEqual([s.name, 0, null]);
  });

  it('should make the slot strategies wait for slots, and nobody else', () => {
    for (const name of ['xol-vma', 'xol-page', 'xol-kernel']) expect(byName.get(name)!.slotWaits).toBeGreaterThan(0);
    for (const name of ['emulate', 'boosted', 'inline-hwbp']) expect(byName.get(name)!.slotWaits).toBe(0);
  });

  it('should reproduce an interleaving from its seed', () => {
    const seed = byName.get('inline-hwbp')!.worstSeed!;
    const [first, second] = [race(seed, 1), race(seed, 1)].map((r) => parseJson<RaceReport>(r).strategies);
    expect(second).toEqual(first);
    expect(first!.find((s) => s.name === 'inline-hwbp')!.missedHits).toBeGreaterThan(0);
  });
});
