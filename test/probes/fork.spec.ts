import { type Process, type ProbeHit, type Session, STRATEGY_NAMES, type StrategyName, type TrapHandler } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { openFixture } from '../support/fixtureSession.js';
import { type ProgramOutcome } from '../support/ProgramOutcome.js';

/**
 * Probes across fork and exec (docs/strategies.md, "Across fork and exec"), on
 * test/fixtures/src/fork_probe.c and exec_self.c: the parent calls `probed` twice and each of its
 * three forked children calls it twice; exec_self runs itself again through /proc/self/exe, so
 * every exec'd image is the same file.
 */
const CHILDREN = 3;
const CALLS_PER_PROCESS = 2;

interface ForkRun {
  readonly outcome: ProgramOutcome;
  readonly session: Session;
  /** The children as fork created them (they are reaped by the end, but their memory stays readable). */
  readonly children: Process[];
}

/** Sees every process the run forks. */
function forkObserver(children: Process[]): TrapHandler {
  return { handle: () => false, fault: () => false, defersSignals: () => false, forked: (_parent, child) => void children.push(child) };
}

async function forkRun(strategy: StrategyName | undefined, place: (session: Session) => void = () => {}): Promise<ForkRun> {
  const fixture = await openFixture('fork_probe', 'musl', strategy);
  if (strategy !== undefined) place(fixture.session);
  const children: Process[] = [];
  fixture.session.kernel.trapHandlers.push(forkObserver(children));
  return { outcome: fixture.finish(), session: fixture.session, children };
}

/** Every instruction of `probed`, instructions the strategy refuses left out, with one consumer. */
function probeEverything(session: Session, handler: (hit: ProbeHit) => void, filter?: (pid: number) => boolean): number {
  const sites = session.probeAll('probed', filter === undefined ? { handler } : { handler, filter }, () => {});
  return sites[0]!.address;
}

function tally(values: readonly number[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

const hasUprobesArea = (process: Process) => process.space.vmas.some((vma) => vma.name === '[uprobes]');

describe('probes across fork', () => {
  it.each(STRATEGY_NAMES)('%s: without a filter the parent and every child are hit, and the output is the unprobed one', async (strategy) => {
    const baseline = await forkRun(undefined);
    const entries: number[] = [];
    let entry = 0;
    const run = await forkRun(strategy, (session) => {
      entry = probeEverything(session, (hit) => {
        if (hit.address === entry) entries.push(hit.pid);
      });
    });
    expect(run.outcome).toEqual(baseline.outcome);
    const calls = tally(entries);
    expect(calls.get(run.session.process.pid)).toBe(CALLS_PER_PROCESS);
    expect(run.children).toHaveLength(CHILDREN);
    for (const child of run.children) expect(calls.get(child.pid)).toBe(CALLS_PER_PROCESS);
    expect(run.session.counters.hits).toBe(run.session.counters.consumerCalls);
  });

  it.each(STRATEGY_NAMES)('%s: with a filter that accepts only the parent, the children run the original code and take no trap', async (strategy) => {
    const baseline = await forkRun(undefined);
    const pids: number[] = [];
    let parent = 0;
    const run = await forkRun(strategy, (session) => {
      parent = session.process.pid;
      probeEverything(session, (hit) => void pids.push(hit.pid), (pid) => pid === parent);
    });
    expect(run.outcome).toEqual(baseline.outcome);
    expect(new Set(pids)).toEqual(new Set([parent]));
    // Every breakpoint trap is a consumer call: no child ever trapped.
    expect(run.session.counters.hits).toBe(pids.length);
    const sites = run.session.uprobes.sitesOf(run.session.process);
    for (const child of run.children) {
      for (const site of sites) expect([...child.memory.peek(site.address, site.original.length)]).toEqual([...site.original]);
      expect(run.session.uprobes.sitesOf(child)).toEqual([]);
    }
  });

  it('xol-vma: a child inherits no [uprobes] area; it gets its own at its first step', async () => {
    const firstHitSawArea = new Map<number, boolean>();
    let session: Session | undefined;
    const run = await forkRun('xol-vma', (s) => {
      session = s;
      probeEverything(s, (hit) => {
        if (!firstHitSawArea.has(hit.pid)) firstHitSawArea.set(hit.pid, hasUprobesArea(session!.kernel.processes.get(hit.pid)!));
      });
    });
    expect(hasUprobesArea(run.session.process)).toBe(true);
    for (const child of run.children) {
      expect(firstHitSawArea.get(child.pid)).toBe(false);
      expect(hasUprobesArea(child)).toBe(true);
    }
    expect(run.outcome.stdout.match(/\[uprobes\] mappings before its first call: 0/g)).toHaveLength(CHILDREN);
  });

  it.each(STRATEGY_NAMES)('%s: a return probe on the function that forks reports the parent\'s returns; the child returns normally', async (strategy) => {
    const baseline = await forkRun(undefined);
    const returns: number[] = [];
    const run = await forkRun(strategy, (session) => {
      session.probe('spawn_child', { returnHandler: (hit) => void returns.push(hit.pid) });
    });
    expect(run.outcome).toEqual(baseline.outcome);
    expect(returns).toEqual(Array.from({ length: CHILDREN }, () => run.session.process.pid));
  });
});

describe('probes across exec', () => {
  it.each(STRATEGY_NAMES)('%s: an exec of the same file keeps the probes, so each exec\'d image is hit', async (strategy) => {
    const baseline = (await openFixture('exec_self', 'musl')).finish();
    const fixture = await openFixture('exec_self', 'musl', strategy);
    const hits = new Map<string, number[]>();
    for (const name of ['main', 'child_image', 'script_image', 'threads_image', 'final_image']) {
      fixture.session.probe(name, { handler: (hit) => void hits.set(name, [...(hits.get(name) ?? []), hit.pid]) });
    }
    expect(fixture.finish()).toEqual(baseline);
    const first = fixture.session.process.pid;
    // main runs in the first image, the three exec'd children and the first process's final image.
    expect(hits.get('main')).toHaveLength(5);
    expect(hits.get('final_image')).toEqual([first]);
    for (const name of ['child_image', 'script_image', 'threads_image']) {
      expect(hits.get(name)).toHaveLength(1);
      expect(hits.get(name)![0]).not.toBe(first);
    }
  });
});
