import { type Container } from 'inversify';
import { IsaTokens } from '../isa/isaTokens.js';
import { LoadError } from '../loader/LoadError.js';
import { type RunFacets } from '../kernel/Kernel.js';

/** The facets running a program needs, or a clear error naming the one this architecture lacks. */
export function resolveRunFacets(container: Container): RunFacets {
  const descriptor = container.get(IsaTokens.Descriptor);
  for (const [facet, token] of [
    ['CPU', IsaTokens.Cpu],
    ['syscall ABI', IsaTokens.SyscallAbi],
  ] as const) {
    if (!container.isBound(token)) throw new LoadError(`${descriptor.name} has no ${facet} facet, so its programs cannot be run (only analysed)`);
  }
  return { descriptor, cpu: container.get(IsaTokens.Cpu), abi: container.get(IsaTokens.SyscallAbi) };
}
