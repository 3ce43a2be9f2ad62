import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSync } from 'oxc-parser';

interface SourceFile {
  readonly lines: number;
  /** Files this one needs at run time: type-only imports are erased, so they do not count. */
  readonly imports: readonly string[];
}

const parsed = new Map<string, SourceFile>();

/** Lines that hold code: not blank and not wholly inside comments (oxc's offsets are UTF-16, as string indices). */
function codeLines(source: string, comments: ReadonlyArray<{ start: number; end: number }>): number {
  let text = '';
  let at = 0;
  for (const comment of comments) {
    text += source.slice(at, comment.start) + source.slice(comment.start, comment.end).replace(/[^\n]/g, ' ');
    at = comment.end;
  }
  text += source.slice(at);
  return text.split('\n').filter((line) => line.trim() !== '').length;
}

function parse(file: string): SourceFile {
  let entry = parsed.get(file);
  if (entry === undefined) {
    const source = fs.readFileSync(file, 'utf8');
    const result = parseSync(file, source);
    if (result.errors.length > 0) throw new Error(`${file}: ${result.errors[0]!.message}`);
    const requests = [
      ...result.module.staticImports.filter((i) => i.entries.length === 0 || i.entries.some((e) => !e.isType)).map((i) => i.moduleRequest.value),
      ...result.module.staticExports.flatMap((e) => e.entries.flatMap((x) => (x.moduleRequest === null || x.isType ? [] : [x.moduleRequest.value]))),
    ];
    const imports = requests.filter((r) => r.startsWith('.')).map((r) => path.resolve(path.dirname(file), r.replace(/\.js$/, '.ts')));
    entry = { lines: codeLines(source, result.comments), imports };
    parsed.set(file, entry);
  }
  return entry;
}

/** A facet's source files: its entry and every file of the same package it needs, directly or not. */
export function facetFiles(sourceRoot: URL, entry: string): Set<string> {
  const root = fileURLToPath(sourceRoot);
  const files = new Set<string>();
  const pending = [path.join(root, entry)];
  while (pending.length > 0) {
    const file = pending.pop()!;
    if (files.has(file) || !file.startsWith(root)) continue;
    files.add(file);
    pending.push(...parse(file).imports);
  }
  return files;
}

/** The code lines of `files`, leaving out those in `shared` (counted elsewhere). */
export function codeLinesOf(files: ReadonlySet<string>, shared: ReadonlySet<string> = new Set()): number {
  let total = 0;
  for (const file of files) if (!shared.has(file)) total += parse(file).lines;
  return total;
}
