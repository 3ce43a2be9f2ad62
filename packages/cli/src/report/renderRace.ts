import { markdownTable, textTable } from './tables.js';

export interface RaceStrategy {
  readonly name: string;
  runs: number;
  divergentRuns: number;
  missedHits: number;
  slotWaits: number;
  worstSeed: number | null;
}

/** What `ubp race --json` prints. */
export interface RaceReport {
  readonly program: string;
  readonly seeds: number;
  readonly quantum: number;
  readonly strategies: readonly RaceStrategy[];
}

function rows(report: RaceReport): string[][] {
  return [
    ['strategy', 'runs', 'divergent', 'missed hits', 'slot waits', 'worst seed'],
    ...report.strategies.map((s) => [s.name, String(s.runs), String(s.divergentRuns), String(s.missedHits), String(s.slotWaits), s.worstSeed === null ? '-' : String(s.worstSeed)]),
  ];
}

function heading(report: RaceReport): string {
  return `${report.program}: ${report.seeds} seed${report.seeds === 1 ? '' : 's'}, quantum ${report.quantum}`;
}

/** A plain-text table for the terminal. */
export function renderRaceTable(report: RaceReport): string {
  return `${heading(report)}\n${textTable(rows(report))}\n`;
}

/** A Markdown table for the docs. */
export function renderRaceMarkdown(report: RaceReport): string {
  return `${heading(report)}\n\n${markdownTable(rows(report))}\n`;
}
