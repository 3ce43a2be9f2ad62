import { ProbeRefused, STRATEGY_NAMES, type StrategyName } from '@ubp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureBinary } from '../support/fixtureManifest.js';
import { fixtureEntry, openFixture } from '../support/fixtureSession.js';
import { type ObjdumpInstruction, objdumpFunctions } from '../support/objdumpFunctions.js';
import { type ProgramOutcome } from '../support/ProgramOutcome.js';

/**
 * Probed instructions that fault, and probes inside signal handlers: the signals fixture stores to
 * address 16, loads from 0x7fe0, divides by zero and escapes each fault with siglongjmp; it also
 * runs handlers on an alternate stack and nested. Every instruction of main and of the handlers
 * carries a probe. The output (which prints si_addr checks) must be what the unprobed run prints,
 * and every strategy must count the same hits per address: a faulting instruction exactly once,
 * since the guest never comes back to it. The single-step oracle of the conformance suite cannot
 * follow a signal handler (delivery clears TF), hence the comparison across strategies.
 */

const FUNCTIONS = ['main', 'fault_handler', 'info_handler', 'order_handler', 'alt_handler', 'nest_handler', 'reset_handler'];

describe.each(['musl', 'glibc'] as const)('probes on faulting instructions and in signal handlers (signals, %s)', (libc) => {
  const binary = fixtureBinary(fixtureEntry('signals'), libc);
  let instructions: ObjdumpInstruction[] = [];
  let baseline: ProgramOutcome;
  const hitsBy = new Map<StrategyName, Map<number, number>>();

  beforeAll(async () => {
    instructions = objdumpFunctions(binary, FUNCTIONS).flatMap((fn) => fn.instructions);
    baseline = (await openFixture('signals', libc)).finish();
  });

  it.each(STRATEGY_NAMES)('%s: identical output', async (strategy) => {
    const fixture = await openFixture('signals', libc, strategy);
    const hits = new Map<number, number>();
    const consumer = { handler: ({ address }: { address: number }) => void hits.set(address, (hits.get(address) ?? 0) + 1) };
    for (const insn of instructions) {
      try {
        fixture.session.probe(`0x${insn.address.toString(16)}`, consumer);
      } catch (error) {
        if (!(error instanceof ProbeRefused)) throw error;
      }
    }
    expect(fixture.finish()).toEqual(baseline);
    hitsBy.set(strategy, hits);
  });

  it('every strategy counts the same hits, and a faulting instruction once', () => {
    const reference = hitsBy.get('emulate')!;
    for (const [strategy, hits] of hitsBy) {
      const differing = instructions.filter((i) => (hits.get(i.address) ?? 0) !== (reference.get(i.address) ?? 0));
      expect(differing.map((i) => `${strategy}: 0x${i.address.toString(16)} '${i.text}' ${hits.get(i.address) ?? 0} hits, emulate ${reference.get(i.address) ?? 0}`)).toEqual([]);
    }
    // The access right after each load of fault_addr_expected into rax, and the divisions.
    const faulting = instructions.filter((insn, k) => {
      if (insn.text.startsWith('idiv ')) return true;
      if (!insn.text.includes('(%rax)')) return false;
      const before = instructions.slice(Math.max(0, k - 3), k);
      return before.some((b) => b.text.includes('(%rip),%rax') && b.text.includes('<fault_addr_expected>'));
    });
    expect(faulting.map((i) => i.text.split(' ')[0])).toEqual(['movl', 'mov', 'idiv', 'idiv']);
    for (const insn of faulting) expect(reference.get(insn.address) ?? 0, insn.text).toBe(1);
    expect(reference.size).toBeGreaterThan(100);
    expect([...hitsBy.keys()], 'strategies whose run completed').toEqual([...STRATEGY_NAMES]);
  });
});
