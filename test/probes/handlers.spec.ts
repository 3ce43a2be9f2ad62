import fs from 'node:fs';
import { type ProbeHit, type ReturnHit, type Session, STRATEGY_NAMES, type StrategyName } from '@ubp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBinary, type Libc } from '../support/fixtureManifest.js';
import { fixtureEntry, openFixture } from '../support/fixtureSession.js';
import { countInstructions } from '../support/instructionOracle.js';
import { nmSymbols } from '../support/objdumpFunctions.js';
import { type ProgramOutcome } from '../support/ProgramOutcome.js';

/**
 * Handlers that change the task's state, return probes, several consumers, and unregistering:
 * every strategy must give the same output and the same hit counts, and those are computed here
 * from the fixture's source (test/fixtures/src/demo.c, setjmp.c), not from another probed run.
 */

interface ProbedRun {
  readonly outcome: ProgramOutcome;
  readonly session: Session;
}

async function probedRun(id: string, libc: Libc, strategy: StrategyName, place: (session: Session) => void): Promise<ProbedRun> {
  const fixture = await openFixture(id, libc, strategy);
  place(fixture.session);
  return { outcome: fixture.finish(), session: fixture.session };
}

async function unprobed(id: string, libc: Libc): Promise<ProgramOutcome> {
  return (await openFixture(id, libc)).finish();
}

/** The output with one line (found by its start) replaced. */
function withLine(outcome: ProgramOutcome, start: string, line: string): ProgramOutcome {
  const lines = outcome.stdout.split('\n');
  const index = lines.findIndex((l) => l.startsWith(start));
  if (index < 0) throw new Error(`no line starting '${start}' in the baseline`);
  lines[index] = line;
  return { ...outcome, stdout: lines.join('\n') };
}

function symbolAddress(id: string, libc: Libc, name: string): number {
  const symbol = nmSymbols(fixtureBinary(fixtureEntry(id), libc)).find((s) => s.name === name);
  if (symbol === undefined) throw new Error(`no symbol ${name}`);
  return symbol.address;
}

/** x86-64 `ret` done by hand: the PC takes the return address and RSP moves past it. */
function returnFromEntry(hit: ProbeHit, value: bigint): void {
  const sp = hit.regs.sp;
  const bytes = hit.memory.read(sp, 8);
  hit.regs.pc = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  hit.regs.sp = sp + 8;
  hit.regs.write('rax', value);
}

/** demo.c's classify, in JavaScript (int arithmetic, C's truncating division and remainder). */
function classify(n: number): number {
  switch (n % 12) {
    case 0: return (n * 3) | 0;
    case 1: return (n + 17) | 0;
    case 2: return n ^ 0x55;
    case 3: return n << 2;
    case 4: return (n - 1000) | 0;
    case 5: return Math.trunc(n / 3);
    case 6: return ~n;
    case 7: return Math.imul(n, n);
    case 8: return n >> 1;
    case 9: return n | 0x100;
    case 10: return n & 0xff;
    default: return -n | 0;
  }
}

/** demo.c's mix on uint32. */
function mix(a: number, b: number): number {
  return (Math.imul((a ^ (b << 5)) >>> 0, 2654435761) + (b >>> 3)) >>> 0;
}

function fib(n: number): number {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

const hex8 = (value: number) => value.toString(16).padStart(8, '0');

describe.each(['musl', 'glibc'] as const)('handlers that change state (demo, %s)', (libc) => {
  let baseline: ProgramOutcome;
  beforeAll(async () => {
    baseline = await unprobed('demo', libc);
  });

  it.each(STRATEGY_NAMES)('%s: a handler at mix\'s entry returns 42 without running it', async (strategy) => {
    let hits = 0;
    const { outcome } = await probedRun('demo', libc, strategy, (session) =>
      session.probe('mix', {
        handler: (hit) => {
          hits++;
          returnFromEntry(hit, 42n);
        },
      }),
    );
    // apply() returns mix(...) ^ 0x5a5a5a5a, and main keeps only the last result.
    expect(outcome).toEqual(withLine(baseline, 'apply(mix)', `apply(mix) x10000 = ${hex8((42 ^ 0x5a5a5a5a) >>> 0)}`));
    expect(hits).toBe(10000);
  });

  it.each(STRATEGY_NAMES)('%s: a handler at mix\'s entry zeroes its first argument (rdi)', async (strategy) => {
    let hits = 0;
    const { outcome } = await probedRun('demo', libc, strategy, (session) =>
      session.probe('mix', {
        handler: (hit) => {
          hits++;
          hit.regs.write('rdi', 0n);
        },
      }),
    );
    let h = 0;
    for (let i = 0; i < 10000; i++) h = (mix(0, i) ^ 0x5a5a5a5a) >>> 0;
    expect(outcome).toEqual(withLine(baseline, 'apply(mix)', `apply(mix) x10000 = ${hex8(h)}`));
    expect(hits).toBe(10000);
  });

  it.each(STRATEGY_NAMES)('%s: a handler at scale\'s entry rewrites the global it is about to read (gain = 1.0)', async (strategy) => {
    const gain = symbolAddress('demo', libc, 'gain');
    let hits = 0;
    const one = new Uint8Array(new Float64Array([1.0]).buffer);
    const { outcome } = await probedRun('demo', libc, strategy, (session) =>
      session.probe('scale', {
        handler: (hit) => {
          hits++;
          hit.memory.write(gain, one);
        },
      }),
    );
    let x = 1.0;
    for (let i = 0; i < 1000; i++) x = (1.0 * x + 0.5) / 1.75;
    expect(outcome).toEqual(withLine(baseline, 'scale converged', `scale converged to ${x.toFixed(12)} (gain 1.00)`));
    expect(hits).toBe(1000);
  });

  it.each(STRATEGY_NAMES)('%s: a return probe on classify reads every result from rax', async (strategy) => {
    const results: number[] = [];
    let entries = 0;
    const classifyAt = symbolAddress('demo', libc, 'classify');
    const returnTargets = new Set<number>();
    const { outcome, session } = await probedRun('demo', libc, strategy, (s) =>
      s.probe('classify', {
        handler: () => void entries++,
        returnHandler: (hit: ReturnHit) => {
          expect(hit.functionAddress).toBe(classifyAt);
          expect(hit.regs.pc).toBe(hit.returnAddress);
          returnTargets.add(hit.returnAddress);
          results.push(Number(BigInt.asIntN(32, hit.regs.read('rax'))));
        },
      }),
    );
    expect(outcome).toEqual(baseline);
    const loop = Array.from({ length: 1200 }, (_, i) => classify(i * 7));
    // The three calls in printf's arguments are evaluated in an order C leaves open.
    expect(results.slice(0, 1200)).toEqual(loop);
    expect(results.slice(1200).sort((a, b) => a - b)).toEqual([classify(84), classify(85), classify(95)].sort((a, b) => a - b));
    expect(entries).toBe(1203);
    expect(session.counters.returnHits).toBe(1203);
    const main = nmSymbols(fixtureBinary(fixtureEntry('demo'), libc)).find((s) => s.name === 'main')!;
    for (const target of returnTargets) expect(target >= main.address && target < main.address + main.size, `return to 0x${target.toString(16)} is in main`).toBe(true);
  });

  it.each(STRATEGY_NAMES)('%s: several consumers on one probe, with filters', async (strategy) => {
    const seen: Array<[number, number]> = [];
    let unfiltered = 0;
    let accepted = 0;
    let rejected = 0;
    let rejectedReturns = 0;
    const { outcome, session } = await probedRun('demo', libc, strategy, (s) => {
      s.probe('checksum', { handler: () => void unfiltered++ });
      s.probe('checksum', {
        filter: (pid, tid) => {
          seen.push([pid, tid]);
          return false;
        },
        handler: () => void rejected++,
        returnHandler: () => void rejectedReturns++,
      });
      s.probe('checksum', { filter: (pid, tid) => pid === s.process.pid && tid === s.process.mainTask.tid, handler: () => void accepted++ });
    });
    expect(outcome).toEqual(baseline);
    // main checksums six words.
    expect([unfiltered, accepted, rejected, rejectedReturns]).toEqual([6, 6, 0, 0]);
    const pid = session.process.pid;
    expect(seen.length).toBeGreaterThanOrEqual(6);
    expect(seen.filter(([p, t]) => p !== pid || t !== pid)).toEqual([]);
    expect(session.counters.hits).toBe(6);
    expect(session.counters.consumerCalls).toBe(12);
  });
});

describe.each(['musl', 'glibc'] as const)('return probes (%s)', (libc) => {
  let fibCalls = 0;
  let demoBaseline: ProgramOutcome;
  let setjmpBaseline: ProgramOutcome;
  beforeAll(async () => {
    const fibAt = symbolAddress('demo', libc, 'fib');
    const counted = await countInstructions(await openFixture('demo', libc));
    fibCalls = counted.counts.get(fibAt) ?? 0;
    demoBaseline = counted.outcome;
    setjmpBaseline = await unprobed('setjmp', libc);
  });

  it.each(STRATEGY_NAMES)('%s: on recursive fib, each return pairs with its call and carries fib(n)', async (strategy) => {
    const pending: number[] = [];
    const wrong: string[] = [];
    let returns = 0;
    const { outcome } = await probedRun('demo', libc, strategy, (session) =>
      session.probe('fib', {
        handler: (hit) => void pending.push(Number(BigInt.asIntN(32, hit.regs.read('rdi')))),
        returnHandler: (hit) => {
          returns++;
          const n = pending.pop();
          const value = Number(hit.regs.read('rax'));
          if (n === undefined || value !== fib(n)) wrong.push(`return ${returns}: fib(${n}) gave ${value}`);
        },
      }),
    );
    expect(outcome).toEqual(demoBaseline);
    expect(fibCalls).toBeGreaterThan(1000);
    expect(returns).toBe(fibCalls);
    expect(pending).toEqual([]);
    expect(wrong.slice(0, 5)).toEqual([]);
  });

  it.each(STRATEGY_NAMES)('%s: return probes survive longjmp out of probed frames', async (strategy) => {
    const calls = new Map<string, number>();
    const returns = new Map<string, number[]>();
    const { outcome, session } = await probedRun('setjmp', libc, strategy, (s) => {
      for (const name of ['note', 'level1', 'level2', 'level3', 'count_down']) {
        returns.set(name, []);
        s.probe(name, {
          handler: () => void calls.set(name, (calls.get(name) ?? 0) + 1),
          returnHandler: (hit) => void returns.get(name)!.push(Number(BigInt.asIntN(32, hit.regs.read('rax')))),
        });
      }
    });
    expect(outcome).toEqual(setjmpBaseline);
    // setjmp.c: level1(n) for n = 1..4 calls level2, which notes and calls level3, which notes and
    // longjmps to outer for odd n (level1 is abandoned) and to inner for even n, where level1 notes
    // and returns 11 + n * 100. level2 and level3 never return, nor do the 1001 frames of
    // count_down(1000), which longjmps from depth 0. note() always returns: 4 + 4 + 2 calls.
    expect(Object.fromEntries(calls)).toEqual({ note: 10, level1: 4, level2: 4, level3: 4, count_down: 1001 });
    expect(returns.get('level1')).toEqual([211, 411]);
    expect(returns.get('level2')).toEqual([]);
    expect(returns.get('level3')).toEqual([]);
    expect(returns.get('count_down')).toEqual([]);
    expect(returns.get('note')!.length).toBe(10);
    expect(session.counters.returnHits).toBe(12);
  });
});

describe.each(STRATEGY_NAMES)('unregistering (%s, musl demo)', (strategy) => {
  const original = (address: number): Uint8Array => {
    const binary = fs.readFileSync(fixtureBinary(fixtureEntry('demo'), 'musl'));
    // The text segment of the static non-PIE demo maps file offset 0x1000 at 0x401000.
    return binary.subarray(address - 0x400000, address - 0x400000 + 2);
  };

  it('puts the original bytes back, and the run then takes no hit', async () => {
    const fixture = await openFixture('demo', 'musl', strategy);
    const { session } = fixture;
    const fibAt = symbolAddress('demo', 'musl', 'fib');
    expect([...original(fibAt)]).toEqual([0x41, 0x54]); // push r12
    let hits = 0;
    const consumer = { handler: () => void hits++ };
    const site = session.probe('fib', consumer);
    expect([...session.process.memory.peek(fibAt, 2)]).toEqual([0xcc, 0x54]);
    session.uprobes.unregister(site, consumer);
    expect([...session.process.memory.peek(fibAt, 2)]).toEqual([0x41, 0x54]);
    expect(fixture.finish()).toEqual(await unprobed('demo', 'musl'));
    expect(hits).toBe(0);
  });

  it('keeps the breakpoint while another consumer remains', async () => {
    const fixture = await openFixture('demo', 'musl', strategy);
    const { session } = fixture;
    let first = 0;
    let second = 0;
    const one = { handler: () => void first++ };
    const site = session.probe('checksum', one);
    session.probe('checksum', { handler: () => void second++ });
    session.uprobes.unregister(site, one);
    expect(session.process.memory.peek(symbolAddress('demo', 'musl', 'checksum'), 1)[0]).toBe(0xcc);
    expect(fixture.finish()).toEqual(await unprobed('demo', 'musl'));
    expect([first, second]).toEqual([0, 6]);
  });

  it('works from inside the handler: exactly the hits before it, then none', async () => {
    const fixture = await openFixture('demo', 'musl', strategy);
    const { session } = fixture;
    let hits = 0;
    const consumer = {
      handler: () => {
        hits++;
        if (hits === 100) session.uprobes.unregister(site, consumer);
      },
    };
    const site = session.probe('mix', consumer);
    expect(fixture.finish()).toEqual(await unprobed('demo', 'musl'));
    expect(hits).toBe(100);
    expect([...session.process.memory.peek(symbolAddress('demo', 'musl', 'mix'), 1)]).not.toEqual([0xcc]);
  });
});
