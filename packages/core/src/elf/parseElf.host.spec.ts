import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ET_DYN, ET_EXEC, PT_LOAD, STT_FUNC } from './elfConstants.js';
import { parseElf } from './parseElf.js';
import { SymbolIndex } from './SymbolIndex.js';

/** Output of a host tool, or undefined when the tool is missing or fails. */
function run(command: string, args: string[]): string | undefined {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

function readelfHeaderField(path: string, label: string): string | undefined {
  const match = run('readelf', ['-hW', path])?.match(new RegExp(`${label}:\\s*(\\S+)`));
  return match?.[1];
}

function nmAddress(path: string, name: string): number | undefined {
  const line = run('nm', [path])?.split('\n').find((entry) => entry.endsWith(` T ${name}`));
  return line === undefined ? undefined : Number.parseInt(line.split(' ')[0] ?? '', 16);
}

const dynamicHostBinaries = ['/bin/ls', '/bin/sh', '/usr/bin/env', '/bin/cat'].filter((path) => existsSync(path));

describe.skipIf(dynamicHostBinaries.length === 0)('host dynamic executables', () => {
  it.each(dynamicHostBinaries)('%s parses and reports its interpreter', (path) => {
    const elf = parseElf(readFileSync(path), path);
    expect(elf.interpreter).toMatch(/^\/.*ld.*\.so/);
    expect(elf.isStaticPie).toBe(false);
    expect(elf.loadSegments.length).toBeGreaterThan(0);
    const entry = readelfHeaderField(path, 'Entry point address');
    if (entry !== undefined) expect(elf.header.entry).toBe(Number(entry));
  });
});

const hasGcc = run('gcc', ['--version']) !== undefined;

describe.skipIf(!hasGcc)('static executables built with gcc', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ubp-elf-'));
    writeFileSync(join(dir, 'main.c'), 'int counter;\nint main(void) { return counter; }\n');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.for([
    ['-static', ET_EXEC, false],
    ['-static-pie', ET_DYN, true],
  ] as const)('gcc %s: entry, segments and main match the binutils view', ([flag, type, isStaticPie], context) => {
    const binary = join(dir, `main${flag}`);
    // Some toolchains lack the static C library or static-pie support; that is not the parser's concern.
    if (run('gcc', [flag, '-O1', '-o', binary, join(dir, 'main.c')]) === undefined) {
      context.skip(`gcc ${flag} cannot link here`);
    }

    const elf = parseElf(readFileSync(binary), binary);
    expect(elf.header.type).toBe(type);
    expect(elf.isStaticPie).toBe(isStaticPie);
    expect(elf.interpreter).toBeUndefined();
    expect(elf.warnings).toEqual([]);
    expect(elf.programHeadersAddress).toBeDefined();

    const entry = readelfHeaderField(binary, 'Entry point address');
    if (entry !== undefined) expect(elf.header.entry).toBe(Number(entry));
    const count = readelfHeaderField(binary, 'Number of program headers');
    if (count !== undefined) expect(elf.programHeaders).toHaveLength(Number(count));
    const loads = run('readelf', ['-lW', binary])?.split('\n').filter((line) => /^\s*LOAD\s/.test(line)).length;
    if (loads !== undefined) expect(elf.loadSegments).toHaveLength(loads);
    expect(elf.loadSegments.every((segment) => segment.type === PT_LOAD)).toBe(true);

    const index = new SymbolIndex(elf);
    const main = index.byName('main');
    expect(main).toMatchObject({ name: 'main', type: STT_FUNC });
    const nmMain = nmAddress(binary, 'main');
    if (nmMain !== undefined) expect(main?.value).toBe(nmMain);
    if (main !== undefined) expect(index.symbolAt(main.value + 1)).toBe(main);
    expect(index.symbolAt(elf.header.entry)?.name).toBe('_start');
  });
});
