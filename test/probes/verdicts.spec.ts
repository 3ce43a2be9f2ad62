import { buildContainer } from '@ubp/cli';
import { IsaTokens, STRATEGY_NAMES, type StrategyName, type StrategyVerdict } from '@ubp/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { REJECTED_ONE_BYTE, REJECTED_TWO_BYTE } from '../../arch/x86-64/src/analyze/kernelOpcodeVerdicts.js';
import { openFixture } from '../support/fixtureSession.js';
import { BAD_ONE_BYTE, BAD_PREFIXES, BAD_TWO_BYTE } from '../support/linuxUprobeVerdict.js';

/**
 * What each strategy does with representative x86-64 instructions (the verdicts `ubp analyze`
 * prints and registration enforces), and the generated kernel tables against a transcription of
 * arch/x86/kernel/uprobes.c made independently for the tests.
 */

describe('kernelOpcodeVerdicts.ts against the kernel source', () => {
  it('lists the zero bits of good_insns_64, plus the prefixes is_prefix_bad rejects', () => {
    expect([...REJECTED_ONE_BYTE.keys()].sort((a, b) => a - b)).toEqual([...BAD_ONE_BYTE, ...BAD_PREFIXES].sort((a, b) => a - b));
  });

  it('lists the zero bits of good_2byte_insns', () => {
    expect([...REJECTED_TWO_BYTE.keys()].sort((a, b) => a - b)).toEqual([...BAD_TWO_BYTE].sort((a, b) => a - b));
  });
});

type Verdicts = Record<StrategyName, StrategyVerdict>;

describe('strategy verdicts on x86-64', () => {
  let verdictsOf: (hex: string) => Promise<Verdicts>;

  beforeAll(async () => {
    const container = await buildContainer('x86-64');
    const decoder = container.get(IsaTokens.Decoder);
    const analyzer = container.get(IsaTokens.Analyzer);
    const strategies = await Promise.all(
      STRATEGY_NAMES.map(async (name) => {
        const { session } = await openFixture('demo', 'musl', name);
        return [name, session.uprobes.strategy] as const;
      }),
    );
    verdictsOf = async (hex: string) => {
      const bytes = Buffer.from(hex.replace(/ /g, ''), 'hex');
      // Near the demo's code, so that a boosted slot could reach a RIP-relative target.
      const insn = decoder.decode(bytes, 0x401000);
      if (insn === undefined || insn.length !== bytes.length) throw new Error(`${hex} is not one instruction`);
      const analysis = analyzer.analyze(insn);
      return Object.fromEntries(strategies.map(([name, strategy]) => [name, strategy.verdict(analysis)])) as Verdicts;
    };
  });

  const actions = (verdicts: Verdicts) => Object.fromEntries(STRATEGY_NAMES.map((s) => [s, verdicts[s].accepted ? verdicts[s].action : 'refused']));

  it('simulates branches and register pushes on the slot strategies, emulates or runs them inline elsewhere', async () => {
    for (const hex of ['eb 10', 'e8 00 01 00 00', '74 10', '41 54', '90']) {
      expect(actions(await verdictsOf(hex)), hex).toEqual({ 'xol-vma': 'simulate', 'xol-page': 'simulate', emulate: 'emulate', 'xol-kernel': 'simulate', boosted: 'simulate', 'inline-hwbp': 'inline' });
    }
  });

  it('steps ordinary instructions with the IP fixup, boosts them without it', async () => {
    const verdicts = await verdictsOf('01 d8');
    expect(actions(verdicts)).toEqual({ 'xol-vma': 'step', 'xol-page': 'step', emulate: 'emulate', 'xol-kernel': 'step', boosted: 'boost', 'inline-hwbp': 'inline' });
    expect(verdicts['xol-vma'].accepted && verdicts['xol-vma'].fixups).toEqual(['ip']);
    expect(verdicts.boosted.accepted && verdicts.boosted.fixups).toEqual([]);
  });

  it('falls back to a step, saying so, where boosting cannot work', async () => {
    for (const hex of ['c3', 'ff d0', '9d', 'e2 10', 'ff 25 00 01 00 00']) {
      const { boosted } = await verdictsOf(hex);
      expect(boosted.accepted && boosted.action, hex).toBe('step');
      expect(boosted.accepted && boosted.note, hex).toMatch(/^single-step fallback: /);
    }
  });

  it('refuses pushf and popf at CPL2 (xol-kernel) only', async () => {
    for (const hex of ['9c', '9d', '66 9c']) {
      const verdicts = await verdictsOf(hex);
      expect(actions(verdicts)['xol-kernel'], hex).toBe('refused');
      expect(STRATEGY_NAMES.filter((s) => !verdicts[s].accepted), hex).toEqual(['xol-kernel']);
    }
  });

  it('refuses what the kernel refuses under every strategy, with the same reason', async () => {
    for (const hex of ['f0 01 00', '3e ff e0', '0f 0b', '0f 05', 'cd 80', 'f4', '8e d0']) {
      const verdicts = await verdictsOf(hex);
      const reasons = new Set(STRATEGY_NAMES.map((s) => (verdicts[s].accepted ? 'accepted' : verdicts[s].reason)));
      expect(reasons.size, hex).toBe(1);
      expect([...reasons][0], hex).not.toBe('accepted');
    }
  });

  it('lets inline-hwbp say when the next address is unknown (a single-step re-arms it)', async () => {
    expect((await verdictsOf('c3'))['inline-hwbp']).toEqual({ accepted: true, action: 'inline', fixups: [], note: 'next address unknown: single-step to re-arm' });
    expect((await verdictsOf('01 d8'))['inline-hwbp']).toEqual({ accepted: true, action: 'inline', fixups: [] });
  });
});

describe('boosted slots', () => {
  it('leave a slot for single-step fallbacks however many sites were boosted', async () => {
    const fixture = await openFixture('demo', 'musl', 'boosted');
    const reference = await openFixture('demo', 'musl');
    // main has far more boostable instructions than an XOL page has slots (31).
    const sites = fixture.session.probeAll('main', {});
    expect(sites.filter((s) => s.verdict.action === 'boost').length).toBeGreaterThan(31);
    fixture.session.probe('apply+0xb', {}); // call rax: never boosted
    expect(fixture.finish()).toEqual(reference.finish());
    expect(fixture.session.counters.stepFallbacks).toBeGreaterThanOrEqual(10000);
  });
});
