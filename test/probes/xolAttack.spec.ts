import { x86_64Descriptor } from '@ubp/arch-x86-64';
import { KERNEL_XOL_ADDRESS, STRATEGY_NAMES, type StrategyName } from '@ubp/core';
import { describe, expect, it } from 'vitest';
import { openFixture } from '../support/fixtureSession.js';
import { type ProgramOutcome } from '../support/ProgramOutcome.js';

/**
 * A guest that attacks the XOL area (test/fixtures/src/xol_attack.c): each strategy has a defined
 * answer (the sealed `[uprobes]` VMA refuses with EPERM; the reserved page refuses a mapping over
 * it and faults a write; the kernel page is out of the guest's reach), no hit is lost, and the
 * program always runs to its end.
 */
const hex = (n: number) => BigInt.asUintN(64, BigInt(n)).toString(16);
const RESERVED_PAGE = hex(x86_64Descriptor.layout.mmapBase);
const KERNEL_PAGE = hex(KERNEL_XOL_ADDRESS);

async function attack(strategy: StrategyName | undefined, args: readonly string[] = []): Promise<{ outcome: ProgramOutcome; hits: number }> {
  const fixture = await openFixture('xol_attack', 'musl', strategy ?? 'xol-vma', undefined, args);
  let hits = 0;
  if (strategy !== undefined) fixture.session.probe('target', { handler: () => hits++ });
  return { outcome: fixture.finish(), hits };
}

function calls(outcome: ProgramOutcome): number {
  return Number(/target called (\d+) times/.exec(outcome.stdout)?.[1]);
}

describe('a guest attacking the XOL area', () => {
  it.each(STRATEGY_NAMES)('%s: every call is a hit and the program runs to its end', async (strategy) => {
    const { outcome, hits } = await attack(strategy);
    expect(outcome.status).toBe(0);
    expect(hits).toBe(calls(outcome));
  });

  it.each(['xol-vma', 'boosted'] as const)('%s: the sealed [uprobes] VMA refuses munmap, mprotect, mremap and MAP_FIXED with EPERM; a write faults', async (strategy) => {
    const { outcome } = await attack(strategy);
    expect(outcome.stdout).toContain('[uprobes] in maps: yes');
    for (const operation of ['mprotect rw', 'mremap', 'mmap over it', 'munmap']) expect(outcome.stdout).toContain(`${operation}: Operation not permitted`);
    expect(outcome.stdout).toContain('write into a slot: SIGSEGV');
  });

  it.each(['xol-page', 'xol-kernel', 'emulate', 'inline-hwbp'] as const)('%s: nothing shows in the maps, so the program prints what it prints unprobed', async (strategy) => {
    const [probed, unprobed] = [await attack(strategy), await attack(undefined)];
    expect(probed.outcome).toEqual(unprobed.outcome);
  });

  it('xol-page: the reserved page refuses a mapping over it (ENOMEM) and a write faults, where the unprobed program could do both', async () => {
    const [probed, unprobed] = [await attack('xol-page', [RESERVED_PAGE]), await attack(undefined, [RESERVED_PAGE])];
    expect(unprobed.outcome.stdout).toContain('mmap over it: ok');
    expect(probed.outcome.stdout).toContain('mmap over it: Out of memory'); // musl's strerror(ENOMEM)
    expect(probed.outcome.stdout).toContain('write into a slot: SIGSEGV');
    expect(probed.hits).toBe(calls(probed.outcome));
  });

  it('xol-kernel: the kernel page is as out of reach as it is without probes', async () => {
    const [probed, unprobed] = [await attack('xol-kernel', [KERNEL_PAGE]), await attack(undefined, [KERNEL_PAGE])];
    expect(probed.outcome).toEqual(unprobed.outcome);
    expect(probed.hits).toBe(calls(probed.outcome));
  });
});
