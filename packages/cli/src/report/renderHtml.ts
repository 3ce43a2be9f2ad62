import { type CompareReport } from './CompareReport.js';

function escape(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** A horizontal bar chart as inline SVG: one bar per strategy. */
function barChart(title: string, unit: string, bars: ReadonlyArray<{ label: string; value: number }>): string {
  const width = 640;
  const labelWidth = 110;
  const barHeight = 22;
  const max = Math.max(1, ...bars.map((b) => b.value));
  const height = bars.length * (barHeight + 8) + 40;
  const body = bars
    .map((bar, i) => {
      const y = 30 + i * (barHeight + 8);
      const w = ((width - labelWidth - 90) * bar.value) / max;
      return (
        `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end">${escape(bar.label)}</text>` +
        `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="#4a78b8"/>` +
        `<text x="${labelWidth + w + 6}" y="${y + 15}">${bar.value.toLocaleString('en-US', { maximumFractionDigits: 1 })} ${escape(unit)}</text>`
      );
    })
    .join('');
  return `<figure><svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13"><text x="0" y="16" font-weight="bold">${escape(title)}</text>${body}</svg></figure>`;
}

/** A self-contained report page with charts of the per-strategy costs and counters. */
export function renderHtml(report: CompareReport, tableMarkdown: string): string {
  const per = (f: (s: CompareReport['strategies'][number]) => number) => report.strategies.map((s) => ({ label: s.name, value: f(s) }));
  const perHit = (n: number, hits: number) => (hits === 0 ? 0 : n / hits);
  const charts = [
    barChart('Modelled cost per hit', 'ns', per((s) => s.modelledNsPerHit)),
    barChart('Traps per hit (breakpoint + step + debug)', '', per((s) => perHit(s.breakpointTraps + s.stepTraps + Number(s.details['debugTraps'] ?? 0), s.hits))),
    barChart('Privilege switches per hit', '', per((s) => perHit(s.privilegeSwitches, s.hits))),
    barChart('Address space taken by XOL areas', 'bytes', per((s) => s.xolBytes)),
    barChart('Wall time of the probed run', 'ms', per((s) => s.wallMs)),
  ].join('\n');
  const rows = report.strategies
    .map((s) => `<tr><td>${escape(s.name)}</td><td>${s.identical ? 'yes' : '<b>no</b>'}</td><td>${s.hits}</td><td>${s.rejectedProbes}</td><td>${s.breakpointTraps}</td><td>${s.stepTraps}</td><td>${s.emulated}</td><td>${s.privilegeSwitches}</td><td>${s.xolBytes}</td><td>${s.visibleMappings}</td><td>${s.modelledNsPerHit.toFixed(0)}</td><td>${s.wallMs.toFixed(0)}</td></tr>`)
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ubp compare: ${escape(report.program)}</title>
<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}td:first-child,th:first-child{text-align:left}figure{margin:1.5em 0}</style></head>
<body><h1>ubp compare</h1>
<p><code>${escape(report.program)}</code>, ${report.probes} probe${report.probes === 1 ? '' : 's'}; the unprobed run exited ${report.baseline.exitCode} after ${report.baseline.guestInstructions} instructions.</p>
<table><tr><th>strategy</th><th>identical</th><th>hits</th><th>refused</th><th>bp traps</th><th>step traps</th><th>emulated</th><th>priv. switches</th><th>XOL bytes</th><th>maps</th><th>ns/hit</th><th>wall ms</th></tr>
${rows}</table>
${charts}
<details><summary>Markdown</summary><pre>${escape(tableMarkdown)}</pre></details>
</body></html>
`;
}
