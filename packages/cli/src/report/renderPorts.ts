import { type FacetName, IsaTokens, type PortCell } from '@ubp/core';
import { type PortMatrix } from '../ports/portMatrix.js';
import { markdownTable, textTable } from './tables.js';

function share(cell: PortCell): string {
  return cell.acceptedShare === null ? '' : ` ${(100 * cell.acceptedShare).toFixed(1)}%`;
}

function statusRows(matrix: PortMatrix): string[][] {
  return [['arch', ...matrix.strategies], ...matrix.arches.map((a) => [a.name, ...matrix.strategies.map((s) => `${a.cells[s].status}${share(a.cells[s])}`)])];
}

/** Facet × architecture: the code lines of each facet a port binds, '-' where it binds none. */
function facetRows(matrix: PortMatrix): string[][] {
  const facets = Object.keys(IsaTokens) as FacetName[];
  const linesOf = (arch: PortMatrix['arches'][number], facet: FacetName) => String(arch.facetLines[facet] ?? '-');
  return [['facet (code lines)', ...matrix.arches.map((a) => a.name)], ...facets.map((f) => [f, ...matrix.arches.map((a) => linesOf(a, f))])];
}

/** Strategy × architecture: the facets the strategy involves and the code lines they hold in each port. */
function demandRows(matrix: PortMatrix): string[][] {
  const first = matrix.arches[0]!;
  return [
    ['strategy', 'facets it involves', ...matrix.arches.map((a) => `${a.name} lines`)],
    ...matrix.strategies.map((s) => [s, Object.keys(first.cells[s].facetLines).join(', '), ...matrix.arches.map((a) => String(a.strategyLines[s]))]),
  ];
}

/** The gaps once per architecture, then a line per cell that is not complete. */
function notes(matrix: PortMatrix): string[] {
  return matrix.arches.flatMap((a) => [
    ...a.gaps.map((g) => `${a.name} lacks ${g.facet} (${g.provided === 'none' ? 'absent' : 'in part'}): ${g.missing}`),
    ...matrix.strategies.flatMap((s) => {
      const cell = a.cells[s];
      if (cell.status === 'complete') return [];
      const detail = cell.status === 'impossible' ? cell.reason : [cell.missing.length > 0 ? `missing ${cell.missing.join(', ')}` : '', cell.refusals ?? ''].filter((d) => d !== '').join('; ');
      return [`${a.name} ${s}: ${cell.status}: ${detail}`];
    }),
  ]);
}

function evidenceLine(matrix: PortMatrix): string {
  const parts = matrix.arches.map((a) => (a.programs.length === 0 ? `${a.name}: no program` : `${a.name}: ${a.instructions} instructions in ${a.programs.length} program${a.programs.length === 1 ? '' : 's'}`));
  return `accepted shares over ${parts.join('; ')}`;
}

/** The matrix, the facet sizes and a note per cell that is not complete, for the terminal. */
export function renderPortsTable(matrix: PortMatrix): string {
  return [statusRows, demandRows, facetRows].map((rows) => textTable(rows(matrix))).join('\n\n') + `\n\n${evidenceLine(matrix)}\n\n${notes(matrix).join('\n')}\n`;
}

/** The same as Markdown, for the docs. */
export function renderPortsMarkdown(matrix: PortMatrix): string {
  const noteList = notes(matrix).map((n) => `- ${n}`);
  const tables = [markdownTable(statusRows(matrix), false), markdownTable(demandRows(matrix)), markdownTable(facetRows(matrix))];
  return `${tables.join('\n\n')}\n\n${evidenceLine(matrix)}.\n\n${noteList.join('\n')}\n`;
}
