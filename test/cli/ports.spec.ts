// `ubp ports --json` (docs/cli.md): the architecture × strategy matrix, computed from each
// architecture's container and judged on the instructions of evidence programs.
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runUbp } from '../support/runUbp.js';
import { abs, ARM64, expectNoStackTrace, GLIBC, MUSL, parseJson, STRATEGIES } from './cliHarness.js';

interface Cell {
  status: 'complete' | 'partial' | 'not-ported' | 'impossible';
  missing: string[];
  reason: string | null;
  refusals: string | null;
  acceptedShare: number | null;
  facetLines: Record<string, number>;
}
interface Gap {
  facet: string;
  provided: 'none' | 'partial';
  missing: string;
  whatItWouldTake: string;
  estimate: string;
}
interface Arch {
  name: string;
  programs: string[];
  instructions: number;
  facetLines: Record<string, number>;
  gaps: Gap[];
  cells: Record<string, Cell>;
}
interface Matrix {
  strategies: string[];
  arches: Arch[];
}
interface Verdict {
  accepted: boolean;
  reason?: string;
}
interface Analysis {
  instructions: Array<{ strategies: Record<string, Verdict> }>;
  summary: Record<string, { accepted: number; refused: number }>;
}

const ARCH_FIELDS = ['name', 'programs', 'instructions', 'facetLines', 'gaps', 'cells'];
const CELL_FIELDS = ['status', 'missing', 'reason', 'refusals', 'acceptedShare', 'facetLines'];
const GAP_FIELDS = ['facet', 'provided', 'missing', 'whatItWouldTake', 'estimate'];
/** The default evidence (docs/cli.md): the demo built with musl and glibc, two arm64 fixtures. */
const X86_EVIDENCE = [`${MUSL}/demo`, `${GLIBC}/demo`];
const ARM64_EVIDENCE = [`${ARM64}/dispatch`, `${ARM64}/text_loop`];

function ports(args: readonly string[]): Matrix {
  const ubp = runUbp(['ports', '--json', ...args]);
  expectNoStackTrace(ubp);
  expect(ubp.stderr).toBe('');
  expect(ubp.status).toBe(0);
  return parseJson<Matrix>(ubp);
}

const analysed = new Map<string, Analysis>();
/** `ubp analyze --json PROGRAM`, once per program in this file. */
function analyze(program: string): Analysis {
  let analysis = analysed.get(program);
  if (analysis === undefined) {
    const ubp = runUbp(['analyze', '--json', program]);
    expect(ubp.status).toBe(0);
    analysis = parseJson<Analysis>(ubp);
    analysed.set(program, analysis);
  }
  return analysis;
}

function archOf(matrix: Matrix, name: string): Arch {
  const arch = matrix.arches.find((a) => a.name === name);
  if (arch === undefined) throw new Error(`no ${name} row`);
  return arch;
}

/** The arm64 words objdump lists in the executable sections (test/fixtures/arm64/objdump-counts.json). */
function arm64Words(program: string): number {
  const counts = JSON.parse(fs.readFileSync(abs('test/fixtures/arm64/objdump-counts.json'), 'utf8')) as Record<string, Record<string, { instructions: number; data: number }>>;
  const name = program.split('/').pop()!;
  return Object.values(counts[name]!).reduce((n, c) => n + c.instructions + c.data, 0);
}

describe('ubp ports --json with the default evidence', () => {
  let matrix: Matrix;
  let x86: Arch;
  let arm64: Arch;
  /** analyze --json of the x86-64 evidence programs: what every share and refusal count derives from. */
  let analyses: Analysis[];

  beforeAll(() => {
    matrix = ports([]);
    x86 = archOf(matrix, 'x86-64');
    arm64 = archOf(matrix, 'arm64');
    analyses = X86_EVIDENCE.map(analyze);
  }, 120_000);

  it('has the documented shape', () => {
    expect(Object.keys(matrix).sort()).toEqual(['arches', 'strategies']);
    expect(matrix.strategies).toEqual([...STRATEGIES]);
    expect(matrix.arches.map((a) => a.name).sort()).toEqual(['arm64', 'x86-64']);
    for (const arch of matrix.arches) {
      expect(Object.keys(arch), arch.name).toEqual(expect.arrayContaining(ARCH_FIELDS));
      expect(Object.keys(arch.cells), arch.name).toEqual([...STRATEGIES]);
      for (const [facet, lines] of Object.entries(arch.facetLines)) expect(Number.isInteger(lines) && lines > 0, `${arch.name} ${facet}: ${lines}`).toBe(true);
      for (const gap of arch.gaps) {
        expect(Object.keys(gap).sort(), `${arch.name} gap`).toEqual([...GAP_FIELDS].sort());
        expect(['none', 'partial']).toContain(gap.provided);
      }
      for (const [strategy, cell] of Object.entries(arch.cells)) {
        const where = `${arch.name} ${strategy}`;
        expect(Object.keys(cell).sort(), where).toEqual([...CELL_FIELDS].sort());
        expect(['complete', 'partial', 'not-ported', 'impossible'], where).toContain(cell.status);
        expect(cell.reason === null, `${where}: reason is null exactly when complete`).toBe(cell.status === 'complete');
        // A cell's facets weigh what they weigh in the row; a facet the port does not bind weighs 0.
        for (const [facet, lines] of Object.entries(cell.facetLines)) expect(lines, `${where} ${facet}`).toBe(arch.facetLines[facet] ?? 0);
        expect(cell.facetLines['Decoder'], where).toBeDefined();
        expect(cell.facetLines['Analyzer'], where).toBeDefined();
      }
    }
  });

  it('judges the bundled evidence: the demo (musl, glibc) for x86-64, dispatch and text_loop for arm64', () => {
    expect(x86.programs).toEqual(X86_EVIDENCE);
    expect(arm64.programs).toEqual(ARM64_EVIDENCE);
    expect(x86.instructions).toBe(analyses.reduce((n, a) => n + a.instructions.length, 0));
    expect(arm64.instructions).toBe(ARM64_EVIDENCE.reduce((n, p) => n + arm64Words(p), 0));
  });

  it('gives each x86-64 strategy the share of instructions ubp analyze says it accepts', () => {
    for (const strategy of STRATEGIES) {
      const accepted = analyses.reduce((n, a) => n + a.summary[strategy]!.accepted, 0);
      expect(x86.cells[strategy]!.acceptedShare, strategy).toBeCloseTo(accepted / x86.instructions, 12);
    }
  });

  it('x86-64: every strategy is complete except emulate', () => {
    for (const strategy of STRATEGIES) {
      const cell = x86.cells[strategy]!;
      if (strategy === 'emulate') continue;
      expect(cell, strategy).toMatchObject({ status: 'complete', missing: [], reason: null, refusals: null });
    }
  });

  it('x86-64 emulate is partial: it refuses what the CPU does not implement, counted by reason', () => {
    const cell = x86.cells['emulate']!;
    expect(cell.status).toBe('partial');
    expect(cell.refusals).not.toBeNull();
    expect(cell.reason).toContain(cell.refusals!);
    // xol-vma is complete, so it accepts exactly what the analysis admits; emulate refuses some of those.
    const reasons = new Map<string, number>();
    for (const analysis of analyses) {
      for (const i of analysis.instructions) {
        const emulate = i.strategies['emulate']!;
        if (i.strategies['xol-vma']!.accepted && !emulate.accepted) reasons.set(emulate.reason!, (reasons.get(emulate.reason!) ?? 0) + 1);
      }
    }
    const refused = [...reasons.values()].reduce((a, b) => a + b, 0);
    expect(refused).toBeGreaterThan(0);
    expect(cell.refusals!.startsWith(`refuses ${refused} instructions the analysis admits (of ${x86.instructions}): `)).toBe(true);
    // The reasons it names are analyze's, with analyze's counts, and all say the CPU lacks the instruction.
    const named = [...cell.refusals!.matchAll(/(?:: |; )([^;]+?) \((\d+)\)/g)].map((m) => [m[1]!, Number(m[2])] as const);
    expect(named.length).toBeGreaterThan(0);
    for (const [reason, n] of named) {
      expect(reasons.get(reason), reason).toBe(n);
      expect(reason).toMatch(/the CPU does not implement/);
    }
    for (const reason of reasons.keys()) expect(reason).toMatch(/the CPU does not implement/);
  });

  it('arm64 xol-kernel is impossible: no privilege level between user and kernel', () => {
    const cell = arm64.cells['xol-kernel']!;
    expect(cell.status).toBe('impossible');
    expect(cell.missing).toEqual([]);
    expect(cell.reason).toMatch(/privilege/);
    // It does not resolve: no refusals to count, and nothing accepted.
    expect(cell.refusals).toBeNull();
    expect(cell.acceptedShare).toBe(0);
  });

  it('arm64 inline-hwbp is not ported: it has no HardwareBreakpoints facet', () => {
    const cell = arm64.cells['inline-hwbp']!;
    expect(cell.status).toBe('not-ported');
    expect(cell.missing).toContain('HardwareBreakpoints');
    expect(arm64.facetLines['HardwareBreakpoints']).toBeUndefined();
    expect(cell.facetLines['HardwareBreakpoints']).toBe(0);
    expect(cell.refusals).toBeNull();
    expect(cell.acceptedShare).toBe(0);
  });

  it('arm64 xol-vma is partial: a hook without a machine (no Cpu, no SyscallAbi), with the port gaps as the reason', () => {
    const cell = arm64.cells['xol-vma']!;
    expect(cell.status).toBe('partial');
    expect(cell.missing).toEqual(['Cpu', 'SyscallAbi']);
    const gap = (facet: string) => arm64.gaps.find((g) => g.facet === facet);
    for (const facet of cell.missing) expect(gap(facet), facet).toBeDefined();
    expect(cell.reason!.startsWith(cell.missing.map((f) => `${f}: ${gap(f)!.missing}`).join('; '))).toBe(true);
    expect(cell.acceptedShare).toBeGreaterThan(0);
    expect(cell.acceptedShare).toBeLessThanOrEqual(1);
  });

  it('arm64 emulate is partial and misses the machine and a general emulator', () => {
    const cell = arm64.cells['emulate']!;
    expect(cell.status).toBe('partial');
    expect(cell.missing).toEqual(expect.arrayContaining(['Cpu', 'SyscallAbi', 'Emulator']));
    expect(cell.refusals).toMatch(new RegExp(`^refuses \\d+ instructions the analysis admits \\(of ${arm64.instructions}\\)`));
  });
});

describe('ubp ports --json ELF: the evidence is the programs given', () => {
  it('judges only those, and gives an architecture without a program no share', () => {
    const program = `${MUSL}/demo`;
    const matrix = ports([program]);
    const analysis = analyze(program);
    const x86 = archOf(matrix, 'x86-64');
    const arm64 = archOf(matrix, 'arm64');
    expect(x86.programs).toEqual([program]);
    expect(x86.instructions).toBe(analysis.instructions.length);
    for (const strategy of STRATEGIES) expect(x86.cells[strategy]!.acceptedShare, strategy).toBeCloseTo(analysis.summary[strategy]!.accepted / analysis.instructions.length, 12);
    // emulate is complete exactly when it refuses nothing xol-vma (which takes all the analysis admits) takes.
    const emulateRefusesAdmitted = analysis.instructions.some((i) => i.strategies['xol-vma']!.accepted && !i.strategies['emulate']!.accepted);
    expect(x86.cells['emulate']!.status).toBe(emulateRefusesAdmitted ? 'partial' : 'complete');
    expect(arm64.programs).toEqual([]);
    expect(arm64.instructions).toBe(0);
    for (const strategy of STRATEGIES) expect(arm64.cells[strategy]!.acceptedShare, strategy).toBeNull();
  });
});
