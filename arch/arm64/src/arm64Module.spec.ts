import { type FacetName, IsaTokens } from '@ubp/core';
import { Container } from 'inversify';
import { describe, expect, it } from 'vitest';
import { loadArm64Module } from './arm64Module.js';
import { portingGaps } from './gaps/portingGaps.js';

async function container(): Promise<Container> {
  const c = new Container({ defaultScope: 'Singleton' });
  c.load(await loadArm64Module());
  return c;
}

const PROVIDED: FacetName[] = ['Descriptor', 'Decoder', 'Analyzer', 'XolFixer', 'SingleStepper', 'Emulator'];

describe('loadArm64Module', () => {
  it('should bind the facets the skeleton provides', async () => {
    const c = await container();
    for (const facet of PROVIDED) expect(c.isBound(IsaTokens[facet]), facet).toBe(true);
    expect(c.get(IsaTokens.Descriptor).name).toBe('arm64');
    expect(c.get(IsaTokens.Decoder).decode(c.get(IsaTokens.Descriptor).breakpoint, 0x40_0000)?.text).toBe('brk #5');
  });

  it('should bind nothing for the facets it lacks, and record a gap for each of them', async () => {
    const c = await container();
    const missing = (Object.keys(IsaTokens) as FacetName[]).filter((facet) => !c.isBound(IsaTokens[facet]));
    expect(missing.sort()).toEqual(['Cpu', 'HardwareBreakpoints', 'SyscallAbi']);
    const unprovided = portingGaps.filter((g) => g.provided === 'none').map((g) => g.facet);
    expect(unprovided.sort()).toEqual([...missing, 'intermediatePrivilege'].sort());
  });

  it('should record the partly provided emulate facet as a gap too', () => {
    expect(portingGaps.filter((g) => g.provided === 'partial').map((g) => g.facet)).toEqual(['Emulator']);
    for (const gap of portingGaps) {
      expect(gap.missing, gap.facet).not.toBe('');
      expect(gap.whatItWouldTake, gap.facet).not.toBe('');
      expect(gap.estimate, gap.facet).not.toBe('');
    }
  });

  it('should share one capstone handle between containers', async () => {
    const [a, b] = await Promise.all([container(), container()]);
    expect(a.get(IsaTokens.Decoder)).toBe(b.get(IsaTokens.Decoder));
  });
});
