import { loadArm64Module } from '@ubp/arch-arm64';
import { x86_64Module } from '@ubp/arch-x86-64';
import { EM_AARCH64, EM_X86_64 } from '@ubp/core';
import { Container, type ContainerModule } from 'inversify';

/**
 * Every architecture the command knows, by name: the one place that imports arch packages.
 * arm64's decoder is a wasm module loaded asynchronously, so modules are produced on demand.
 */
export const archModules: Readonly<Record<string, () => ContainerModule | Promise<ContainerModule>>> = {
  'x86-64': () => x86_64Module,
  arm64: loadArm64Module,
};

const byMachine: ReadonlyMap<number, string> = new Map([
  [EM_X86_64, 'x86-64'],
  [EM_AARCH64, 'arm64'],
]);

/** The architecture name for an ELF `e_machine`, or undefined if none is known. */
export function archForMachine(machine: number): string | undefined {
  return byMachine.get(machine);
}

/** A container holding one architecture's facets. */
export async function buildContainer(arch: string): Promise<Container> {
  const load = archModules[arch];
  if (load === undefined) throw new Error(`unknown architecture ${arch}`);
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(await load());
  return container;
}
