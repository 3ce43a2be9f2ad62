import { arm64Port } from '@ubp/arch-arm64';
import { x86_64Port } from '@ubp/arch-x86-64';
import { type ArchitecturePort } from '@ubp/core';
import { Container } from 'inversify';

/** Every architecture the command knows: the one place that imports arch packages. */
export const architecturePorts: readonly ArchitecturePort[] = [x86_64Port, arm64Port];

function portNamed(arch: string): ArchitecturePort {
  const port = architecturePorts.find((p) => p.name === arch);
  if (port === undefined) throw new Error(`unknown architecture ${arch}`);
  return port;
}

/** The architecture name for an ELF `e_machine`, or undefined if none is known. */
export function archForMachine(machine: number): string | undefined {
  return architecturePorts.find((p) => p.machine === machine)?.name;
}

/** A container holding one architecture's facets. */
export async function buildContainer(arch: string): Promise<Container> {
  const container = new Container({ defaultScope: 'Singleton' });
  container.load(await portNamed(arch).load());
  return container;
}
