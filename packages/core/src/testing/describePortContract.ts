import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { strategyScope } from '../di/strategyScope.js';
import { type FacetName, IsaTokens } from '../isa/isaTokens.js';
import { type ArchitecturePort } from '../ports/ArchitecturePort.js';
import { ProbeCounters } from '../probes/ProbeCounters.js';
import { resolveStrategy } from '../xol/resolveStrategy.js';
import { STRATEGY_NAMES } from '../xol/StrategyName.js';

const FACETS = Object.keys(IsaTokens) as FacetName[];
const REQUIRED: readonly FacetName[] = ['Descriptor', 'Decoder', 'Analyzer'];

async function containerOf(port: ArchitecturePort): Promise<Container> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(await port.load());
  return container;
}

/**
 * What every architecture port must satisfy, whatever it leaves out: the suite a new port runs
 * from its own `port.spec.ts` (docs/porting-guide.md). It checks the port's declarations against
 * its container, so the porting matrix computed from them is true.
 */
export function describePortContract(port: ArchitecturePort): void {
  describe(`the ${port.name} port`, () => {
    it('should bind the descriptor, decode and analysis facets, and describe its own architecture', async () => {
      const container = await containerOf(port);
      for (const facet of REQUIRED) expect(container.isBound(IsaTokens[facet]), facet).toBe(true);
      const descriptor = container.get(IsaTokens.Descriptor);
      expect(descriptor.name).toBe(port.name);
      expect(descriptor.elfMachine).toBe(port.machine);
      expect(descriptor.breakpoint.length % descriptor.instructionAlignment).toBe(0);
    });

    it('should say where each bound facet is implemented, in a file that defines it', async () => {
      const container = await containerOf(port);
      for (const facet of FACETS.filter((f) => container.isBound(IsaTokens[f]))) {
        const entry = port.facetSources[facet];
        expect(entry, `${facet} has no facetSources entry`).toBeDefined();
        const source = fs.readFileSync(fileURLToPath(new URL(entry!, port.sourceRoot)), 'utf8');
        const bound: unknown = container.get(IsaTokens[facet] as symbol);
        const className = Object.getPrototypeOf(bound)?.constructor?.name;
        if (className !== undefined && className !== 'Object') expect(source, `${entry} should define ${className}`).toMatch(new RegExp(`class ${className}\\b`));
      }
    });

    it('should record a gap for every facet it leaves out, and only partial gaps for facets it binds', async () => {
      const container = await containerOf(port);
      const gaps = new Map(port.gaps.map((g) => [g.facet, g]));
      for (const facet of FACETS) {
        const gap = gaps.get(facet);
        if (!container.isBound(IsaTokens[facet])) expect(gap?.provided, `${facet} is not bound: a gap should say so`).toBe('none');
        else if (gap !== undefined) expect(gap.provided, `${facet} is bound`).toBe('partial');
      }
      for (const gap of port.gaps) for (const text of [gap.missing, gap.whatItWouldTake, gap.estimate]) expect(text.trim()).not.toBe('');
    });

    it('should decode its own breakpoint instruction, and refuse to probe it', async () => {
      const container = await containerOf(port);
      const descriptor = container.get(IsaTokens.Descriptor);
      const address = 0x400000;
      const insn = container.get(IsaTokens.Decoder).decode(descriptor.breakpoint, address);
      expect(insn?.length).toBe(descriptor.breakpoint.length);
      expect(container.get(IsaTokens.Analyzer).analyze(insn!).refusal).toBeDefined();
    });

    it('should give a register file whose program counter round-trips', async () => {
      const descriptor = (await containerOf(port)).get(IsaTokens.Descriptor);
      const regs = descriptor.createRegisters();
      regs.pc = 0x401234;
      expect(regs.pc).toBe(0x401234);
    });

    it('should resolve each strategy or say which facet is missing or why it is impossible', async () => {
      const scope = strategyScope(await containerOf(port), new ProbeCounters(), { nowNs: () => 0 });
      for (const strategy of STRATEGY_NAMES) expect(['resolved', 'missing', 'impossible']).toContain(resolveStrategy(scope, strategy).kind);
    });
  });
}
