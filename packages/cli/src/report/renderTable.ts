import { type CompareReport } from './CompareReport.js';
import { markdownTable, textTable } from './tables.js';

interface Column {
  readonly title: string;
  readonly value: (s: CompareReport['strategies'][number]) => string;
  /** Host timing, different on every run: left out of the Markdown the docs quote, which a test regenerates. */
  readonly timing?: true;
}

const COLUMNS: readonly Column[] = [
  { title: 'strategy', value: (s) => s.name },
  { title: 'identical', value: (s) => (s.rejectedProbes > 0 && s.hits === 0 ? 'refused' : s.identical ? 'yes' : 'NO') },
  { title: 'hits', value: (s) => String(s.hits) },
  { title: 'refused', value: (s) => String(s.rejectedProbes) },
  { title: 'bp traps', value: (s) => String(s.breakpointTraps) },
  { title: 'step traps', value: (s) => String(s.stepTraps) },
  { title: 'emulated', value: (s) => String(s.emulated) },
  { title: 'priv. switches', value: (s) => String(s.privilegeSwitches) },
  { title: 'XOL bytes', value: (s) => String(s.xolBytes) },
  { title: 'maps', value: (s) => String(s.visibleMappings) },
  { title: 'missed', value: (s) => String(s.missedHits) },
  { title: 'slot waits', value: (s) => String(s.details['slotWaits']) },
  { title: 'ns/hit', value: (s) => s.modelledNsPerHit.toFixed(0) },
  { title: 'wall ms', value: (s) => s.wallMs.toFixed(0), timing: true },
];

function rows(report: CompareReport, columns: readonly Column[] = COLUMNS): string[][] {
  return [columns.map((c) => c.title), ...report.strategies.map((s) => columns.map((c) => c.value(s)))];
}

function heading(report: CompareReport): string {
  const b = report.baseline;
  return `${report.program}: ${report.probes} probe${report.probes === 1 ? '' : 's'}; unprobed run exited ${b.exitCode} after ${b.guestInstructions} instructions`;
}

/** A plain-text table for the terminal. */
export function renderTable(report: CompareReport): string {
  const notes = report.strategies.flatMap((s) => s.differences.map((d) => `  ${s.name}: ${d}`));
  return `${heading(report)}\n${textTable(rows(report))}\n${notes.length > 0 ? `differences:\n${notes.join('\n')}\n` : ''}`;
}

/** A Markdown table for the docs: the same run gives the same table. */
export function renderMarkdown(report: CompareReport): string {
  return `${heading(report)}\n\n${markdownTable(rows(report, COLUMNS.filter((c) => c.timing === undefined)))}\n`;
}
