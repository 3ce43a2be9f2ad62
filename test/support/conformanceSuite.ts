import { type ProbeCounters, ProbeRefused, STRATEGY_NAMES, type StrategyName } from '@ubp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBinary, fixtureStdin, type Libc } from './fixtureManifest.js';
import { fixtureEntry, openFixture } from './fixtureSession.js';
import { countInstructions, type InstructionCounts } from './instructionOracle.js';
import { isPushfOrPopf, isRepeatedString, linuxRefusal } from './linuxUprobeVerdict.js';
import { type ObjdumpFunction, type ObjdumpInstruction, objdumpFunctions } from './objdumpFunctions.js';
import { runNative } from './runNative.js';

/**
 * The probe-everywhere conformance suite of test/probes/conformance*.spec.ts: every instruction of
 * the chosen functions carries a probe, under each strategy; the run must print exactly what the unprobed run prints, and each probed address
 * must be hit exactly as often as its instruction executes. The execution counts come from an
 * oracle that shares nothing with the probe layer: the single-step facet armed by a trap handler of
 * the kernel, counting Step traps by address (see instructionOracle.ts), in a run whose output is
 * also checked against the host. Instruction boundaries come from objdump, not from iced; which
 * instructions Linux refuses comes from linuxUprobeVerdict.ts, not from the analysis facet.
 */
export interface ConformancePlan {
  readonly id: string;
  readonly libc: Libc;
  readonly functions: readonly string[];
}

function hex(address: number): string {
  return `0x${address.toString(16)}`;
}

function describeInstruction(fn: ObjdumpFunction, insn: ObjdumpInstruction): string {
  return `${fn.name}+${hex(insn.address - fn.start)} '${insn.text}'`;
}

/** The counter identities every strategy's hit path keeps, from the strategies' descriptions. */
function counterIdentities(strategy: StrategyName, c: ProbeCounters): Record<string, [number, number]> {
  const stepsAndTraps: [number, number] = [c.singleSteps, c.stepTraps];
  switch (strategy) {
    case 'emulate':
      return { 'emulated = hits': [c.emulated, c.hits] };
    case 'boosted':
      return { 'simulated + boosted + stepped = hits': [c.simulated + c.boostedHits + c.stepTraps, c.hits], 'steps = step traps': stepsAndTraps };
    case 'inline-hwbp':
      return { 'debug traps + step traps = hits': [c.debugTraps + c.stepTraps, c.hits], 'steps = step traps': stepsAndTraps };
    default:
      return { 'simulated + stepped = hits': [c.simulated + c.stepTraps, c.hits], 'steps = step traps': stepsAndTraps };
  }
}

/** One describe block per plan: the oracle run, then one probed run per strategy. */
export function describeConformance(plans: readonly ConformancePlan[]): void {
  describe.each(plans.map((plan) => [`${plan.libc} ${plan.id}`, plan] as const))('a probe on every instruction of the chosen functions of %s', (_title, plan) => {
    const entry = fixtureEntry(plan.id);
    const binary = fixtureBinary(entry, plan.libc);
    let functions: ObjdumpFunction[] = [];
    let oracle: InstructionCounts;

    beforeAll(async () => {
      functions = objdumpFunctions(binary, plan.functions);
      oracle = await countInstructions(await openFixture(plan.id, plan.libc));
    }, 120_000);

    it(`the counted (stepped) unprobed run prints what the host prints, and runs ${plan.functions.join(', ')}`, () => {
      const env = Object.entries(entry.env).map(([k, v]) => `${k}=${v}`);
      const native = runNative(binary, [`./${entry.binary ?? entry.name}`, ...entry.args], env, fixtureStdin(entry), process.cwd());
      expect(oracle.outcome).toEqual(native);
      expect(oracle.unseen, 'instructions retired without a Step trap (stepping was lost)').toBe(0);
      const idle = functions.filter((fn) => fn.instructions.every((i) => (oracle.counts.get(i.address) ?? 0) === 0)).map((fn) => fn.name);
      expect(idle, 'functions that never ran would make this test vacuous').toEqual([]);
    });

    it.each(STRATEGY_NAMES)('%s: identical output, hits = executions, only justified refusals', async (strategy) => {
      const fixture = await openFixture(plan.id, plan.libc, strategy);
      const hits = new Map<number, number>();
      const consumer = { handler: ({ address }: { address: number }) => void hits.set(address, (hits.get(address) ?? 0) + 1) };
      const refused = new Map<ObjdumpInstruction, string>();
      const accepted: Array<[ObjdumpFunction, ObjdumpInstruction]> = [];
      const stepped = new Set<number>();
      for (const fn of functions) {
        for (const insn of fn.instructions) {
          try {
            const site = fixture.session.probe(hex(insn.address), consumer);
            accepted.push([fn, insn]);
            if (site.verdict.action === 'step') stepped.add(insn.address);
          } catch (error) {
            if (!(error instanceof ProbeRefused)) throw error;
            refused.set(insn, error.message);
          }
        }
      }
      const outcome = fixture.finish();
      expect(outcome).toEqual(oracle.outcome);

      // A REP string instruction single-stepped out of line traps after each iteration and comes
      // back to its breakpoint, so it is hit once per iteration, as on Linux; run any other way, once.
      const expected = (insn: ObjdumpInstruction) => ((stepped.has(insn.address) && isRepeatedString(insn) ? oracle.iterations : oracle.counts).get(insn.address) ?? 0);
      const wrongCounts = accepted
        .filter(([, insn]) => (hits.get(insn.address) ?? 0) !== expected(insn))
        .map(([fn, insn]) => `${describeInstruction(fn, insn)}: ${hits.get(insn.address) ?? 0} hits, ${expected(insn)} expected`);
      expect(wrongCounts).toEqual([]);

      const unjustified = [...refused].filter(([insn, message]) => {
        if (linuxRefusal(insn) !== undefined) return false;
        if (strategy === 'xol-kernel' && isPushfOrPopf(insn)) return false;
        // The emulator is the CPU: it cannot lack an instruction the unprobed run executed.
        return !(strategy === 'emulate' && message.includes('does not implement') && (oracle.counts.get(insn.address) ?? 0) === 0);
      });
      expect(unjustified.map(([insn, message]) => `${hex(insn.address)} '${insn.text}': ${message}`)).toEqual([]);
      const overlooked = accepted.filter(([, insn]) => linuxRefusal(insn) !== undefined || (strategy === 'xol-kernel' && isPushfOrPopf(insn)));
      expect(overlooked.map(([fn, insn]) => `${describeInstruction(fn, insn)} is refused by Linux (${linuxRefusal(insn) ?? 'pushf/popf at CPL2'})`)).toEqual([]);

      const counters = fixture.session.counters;
      expect(counters.hits).toBe([...hits.values()].reduce((a, b) => a + b, 0));
      expect(counters.missedHits).toBe(0);
      expect(counters.rejectedProbes).toBe(refused.size);
      for (const [identity, [left, right]] of Object.entries(counterIdentities(strategy, counters))) expect(left, identity).toBe(right);
    }, 120_000);
  });
}
