import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { computePortMatrix } from '../ports/portMatrix.js';
import { renderPortsMarkdown, renderPortsTable } from '../report/renderPorts.js';

export interface PortsOptions {
  readonly json: boolean;
  readonly markdown: boolean;
}

/** The repository's fixture binaries; from dist/ or src/ alike, four levels up is the root. */
const FIXTURES = fileURLToPath(new URL('../../../../test/fixtures/bin/', import.meta.url));

/**
 * The evidence when no program is named: a musl and a glibc build of the demo for x86-64, and
 * the arm64 fixtures (glibc), which together hold the libc code probes usually land in.
 */
export const DEFAULT_EVIDENCE: readonly string[] = [
  'x86-64/musl/demo',
  'x86-64/glibc/demo',
  'arm64/dispatch',
  'arm64/text_loop',
].map((p) => path.join(FIXTURES, p));

/** `ubp ports`: the architecture × strategy matrix, computed from the containers and the code. */
export async function portsCommand(programs: readonly string[], options: PortsOptions): Promise<number> {
  const matrix = await computePortMatrix(programs.length > 0 ? programs : DEFAULT_EVIDENCE);
  const shown = { ...matrix, arches: matrix.arches.map((a) => ({ ...a, programs: a.programs.map((p) => path.relative(process.cwd(), p) || p) })) };
  if (options.json) process.stdout.write(`${JSON.stringify(shown)}\n`);
  else process.stdout.write(options.markdown ? renderPortsMarkdown(shown) : renderPortsTable(shown));
  return 0;
}
