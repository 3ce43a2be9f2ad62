/** Rows of cells as aligned text: the first column left-aligned, the others right-aligned. */
export function textTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd()).join('\n');
}

/** Rows of cells as a Markdown table; the first row is the header, numbers align right. */
export function markdownTable(rows: readonly (readonly string[])[], alignRight = true): string {
  const [head, ...body] = rows;
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const rule = head!.map((_, i) => (i === 0 || !alignRight ? '---' : '---:'));
  return [line(head!), line(rule), ...body.map(line)].join('\n');
}
