// `ubp compare` (docs/cli.md): the unprobed baseline, then each strategy with the same probes and
// stdin; --json has exactly the documented fields, --markdown a table, --html a page with SVG.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runUbp } from '../support/runUbp.js';
import { abs, COUNTER_FIELDS, expectNoStackTrace, expectUbpError, GLIBC, hex, hostTool, MUSL, parseJson, runNative, sha256, STRATEGIES, tempDir, tinyExecutable } from './cliHarness.js';

const DEMO = `${MUSL}/demo`;
const scratch = tempDir();
afterAll(() => scratch.remove());

const BASELINE_FIELDS = ['exitCode', 'stdoutSha256', 'stderrSha256', 'guestInstructions'];
const STRATEGY_FIELDS = [
  'name', 'identical', 'hits', 'missedHits', 'rejectedProbes', 'breakpointTraps', 'stepTraps', 'singleSteps', 'emulated',
  'privilegeSwitches', 'xolBytes', 'visibleMappings', 'modelledNsPerHit', 'wallMs', 'guestInstructions', 'differences', 'details',
];

interface StrategyResult {
  name: string;
  identical: boolean;
  hits: number;
  missedHits: number;
  rejectedProbes: number;
  breakpointTraps: number;
  stepTraps: number;
  singleSteps: number;
  emulated: number;
  privilegeSwitches: number;
  xolBytes: number;
  visibleMappings: number;
  modelledNsPerHit: number;
  wallMs: number;
  guestInstructions: number;
  differences: string[];
  details: Details;
}
/** The counters of `details` these tests read (all of them are checked by name below). */
interface Details {
  hits: number;
  returnHits: number;
  breakpointTraps: number;
  stepTraps: number;
  singleSteps: number;
  simulated: number;
  emulated: number;
  stepFallbacks: number;
  xolBytes: number;
  visibleMappings: number;
  missedHits: number;
  rejectedProbes: number;
  modelledNsPerHit: number;
  privilegeSwitches: { total: number; kernelToIntermediate: number; intermediateToKernel: number };
}
interface CompareReport {
  program: string;
  probes: number;
  baseline: { exitCode: number; stdoutSha256: string; stderrSha256: string; guestInstructions: number };
  strategies: StrategyResult[];
}

/** The probe options of the `start` script in package.json: the README's demo comparison. */
function startScriptProbes(): string[] {
  const scripts = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
  const words = scripts['start']!.split(/\s+/);
  const from = words.indexOf('compare') + 1;
  const to = words.indexOf(DEMO);
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  const probes = words.slice(from, to);
  expect(probes.length).toBeGreaterThan(0);
  for (let i = 0; i < probes.length; i += 2) expect(['--probe', '--probe-all']).toContain(probes[i]);
  return probes;
}


describe('ubp compare --json on the demo with the start script probes', () => {
  const probes = startScriptProbes();
  const html = path.join(scratch.dir, 'report.html');
  const native = runNative(DEMO);
  let report: CompareReport;
  let status: number | null;
  let stderr: string;
  let expectedSites = 0;
  let unprobedInstructions = 0;

  beforeAll(() => {
    const ubp = runUbp(['compare', '--json', '--html', html, ...probes, DEMO]);
    expectNoStackTrace(ubp);
    status = ubp.status;
    stderr = ubp.stderr;
    report = parseJson<CompareReport>(ubp);
    // A --probe is one site; a --probe-all is one per instruction of the function, as analyze lists them.
    const all = probes.flatMap((p, i) => (p === '--probe-all' ? [probes[i + 1]!] : []));
    expectedSites = probes.filter((p) => p === '--probe').length;
    if (all.length > 0) {
      const analyze = runUbp(['analyze', '--json', ...all.flatMap((s) => ['--symbol', s]), DEMO]);
      expectedSites += parseJson<{ instructions: unknown[] }>(analyze).instructions.length;
    }
    const stats = path.join(scratch.dir, 'unprobed.json');
    expect(runUbp(['run', '--stats', stats, DEMO]).status).toBe(0);
    unprobedInstructions = (JSON.parse(fs.readFileSync(stats, 'utf8')) as { guestInstructions: number }).guestInstructions;
  }, 60_000);

  it('exits 0 (every strategy identical) and prints no progress when stderr is not a terminal', () => {
    expect(status).toBe(0);
    expect(stderr).toBe('');
  });

  it('prints exactly the documented fields', () => {
    expect(Object.keys(report).sort()).toEqual(['baseline', 'probes', 'program', 'strategies']);
    expect(Object.keys(report.baseline).sort()).toEqual([...BASELINE_FIELDS].sort());
    for (const s of report.strategies) {
      expect(Object.keys(s).sort()).toEqual([...STRATEGY_FIELDS].sort());
      expect(Object.keys(s.details).sort()).toEqual([...COUNTER_FIELDS].sort());
    }
  });

  it('names the program and counts the probe sites', () => {
    expect(report.program).toBe(DEMO);
    expect(report.probes).toBe(expectedSites);
  });

  it('has the baseline of the unprobed run: the native exit status and output hashes', () => {
    expect(report.baseline.exitCode).toBe(native.status);
    expect(report.baseline.stdoutSha256).toBe(sha256(native.stdout));
    expect(report.baseline.stderrSha256).toBe(sha256(native.stderr));
    expect(report.baseline.guestInstructions).toBe(unprobedInstructions);
  });

  it('runs all six strategies, each identical to the baseline, with the same hits', () => {
    expect(report.strategies.map((s) => s.name)).toEqual([...STRATEGIES]);
    const hits = report.strategies[0]!.hits;
    expect(hits).toBeGreaterThan(0);
    for (const s of report.strategies) {
      expect(s.identical, s.name).toBe(true);
      expect(s.differences, s.name).toEqual([]);
      expect(s.hits, s.name).toBe(hits);
      expect(s.missedHits, s.name).toBe(0);
      expect(s.rejectedProbes, s.name).toBe(0);
      expect(s.wallMs, s.name).toBeGreaterThanOrEqual(0);
      expect(s.guestInstructions, s.name).toBeGreaterThan(0);
    }
  });

  it('summarises the counters in `details`', () => {
    for (const s of report.strategies) {
      const d = s.details;
      expect(s.hits, s.name).toBe(d.hits + d.returnHits);
      expect(s.breakpointTraps, s.name).toBe(d.breakpointTraps);
      expect(s.stepTraps, s.name).toBe(d.stepTraps);
      expect(s.singleSteps, s.name).toBe(d.singleSteps);
      // Both the simulations Linux does and, under emulate, every probed instruction.
      expect(s.emulated, s.name).toBe(d.emulated + d.simulated);
      expect(s.privilegeSwitches, s.name).toBe(d.privilegeSwitches.total);
      expect(s.xolBytes, s.name).toBe(d.xolBytes);
      expect(s.visibleMappings, s.name).toBe(d.visibleMappings);
      expect(s.missedHits, s.name).toBe(d.missedHits);
      expect(s.rejectedProbes, s.name).toBe(d.rejectedProbes);
      expect(s.modelledNsPerHit, s.name).toBe(d.modelledNsPerHit);
    }
  });

  it('shows the traps and the visibility docs/strategies.md gives each strategy', () => {
    const by = Object.fromEntries(report.strategies.map((s) => [s.name, s]));
    // One trap per hit and no step under emulate; nothing in the guest's view.
    expect(by['emulate']!.breakpointTraps).toBe(by['emulate']!.hits);
    expect(by['emulate']!.stepTraps).toBe(0);
    expect(by['emulate']!.emulated).toBe(by['emulate']!.hits);
    expect(by['emulate']!.xolBytes).toBe(0);
    // Slot strategies: a second trap (the step) for every hit that is not simulated.
    for (const name of ['xol-vma', 'xol-page', 'xol-kernel']) {
      const s = by[name]!;
      expect(s.breakpointTraps, name).toBe(s.hits);
      expect(s.stepTraps, name).toBe(s.hits - s.details.simulated);
      expect(s.xolBytes, name).toBeGreaterThan(0);
    }
    // xol-kernel steps at CPL2: one switch into and one out of it per step.
    expect(by['xol-kernel']!.details.privilegeSwitches.kernelToIntermediate).toBe(by['xol-kernel']!.stepTraps);
    expect(by['xol-kernel']!.details.privilegeSwitches.intermediateToKernel).toBe(by['xol-kernel']!.stepTraps);
    // boosted steps only when it falls back.
    expect(by['boosted']!.stepTraps).toBe(by['boosted']!.details.stepFallbacks);
    // What the guest can see: the one [uprobes] VMA of xol-vma, boosted's area below the
    // program (its pages), and nothing for the others.
    expect(by['xol-vma']!.visibleMappings).toBe(1);
    expect(by['boosted']!.visibleMappings).toBeGreaterThan(0);
    for (const name of ['xol-page', 'emulate', 'xol-kernel', 'inline-hwbp']) expect(by[name]!.visibleMappings, name).toBe(0);
  });

  it('--html FILE writes a self-contained page with SVG charts', () => {
    const page = fs.readFileSync(html, 'utf8');
    expect(page).toMatch(/^<!doctype html>/i);
    expect(page).toMatch(/<svg[\s>]/);
    expect(page).toMatch(/<\/html>\s*$/);
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=/i);
    for (const name of STRATEGIES) expect(page).toContain(name);
  });
});

describe('ubp compare: options', () => {
  it('--markdown prints a Markdown table, and --strategies restricts it to those strategies', () => {
    const ubp = runUbp(['compare', '--markdown', '--strategies', 'xol-vma,emulate', '--probe', 'scale', DEMO]);
    expectNoStackTrace(ubp);
    expect(ubp.status).toBe(0);
    const rows = ubp.stdout.split('\n').filter((l) => l.startsWith('|'));
    expect(rows.length).toBe(4);
    const cells = rows.map((r) => r.split('|').slice(1, -1).map((c) => c.trim()));
    const width = cells[0]!.length;
    for (const row of cells) expect(row).toHaveLength(width);
    expect(cells[0]![0]).toBe('strategy');
    for (const c of cells[1]!) expect(c).toMatch(/^:?-{3,}:?$/);
    expect(cells.slice(2).map((r) => r[0])).toEqual(['xol-vma', 'emulate']);
  });

  it('--json --strategies runs only those, and passes the same stdin to every run', () => {
    const program = `${MUSL}/stdin_wc`;
    const stdin = fs.readFileSync(abs('test/fixtures/input/stdin_wc.txt'));
    const native = runNative(program, [], { stdin });
    const ubp = runUbp(['compare', '--json', '--strategies', 'xol-vma,emulate', '--probe', 'read', program], { stdin });
    expectNoStackTrace(ubp);
    expect(ubp.status).toBe(0);
    const report = parseJson<CompareReport>(ubp);
    expect(report.strategies.map((s) => s.name)).toEqual(['xol-vma', 'emulate']);
    expect(report.baseline.stdoutSha256).toBe(sha256(native.stdout));
    expect(report.baseline.exitCode).toBe(native.status);
    // stdin_wc calls read(0, buf, 37) until it returns 0; every run gets the whole stdin.
    const reads = Math.ceil(stdin.length / 37) + 1;
    for (const s of report.strategies) {
      expect(s.identical, s.name).toBe(true);
      expect(s.hits, s.name).toBe(reads);
    }
  });

  it('exits 1 when a strategy that accepted every probe is not identical (the [uprobes] VMA in /proc/self/maps)', () => {
    // open("/proc/self/maps"); read it; write it to stdout; exit(0). The probe is on the first
    // instruction, a mov that needs a slot (analyze: step), so xol-vma maps its VMA before the read.
    const code = Uint8Array.from([
      0xb8, 0x02, 0x00, 0x00, 0x00, 0x48, 0x8d, 0x3d, 0x30, 0x00, 0x00, 0x00, 0x31, 0xf6, 0x0f, 0x05, 0x89, 0xc7, 0x48, 0x81, 0xec, 0x00, 0x40, 0x00,
      0x00, 0x48, 0x89, 0xe6, 0xba, 0x00, 0x40, 0x00, 0x00, 0x31, 0xc0, 0x0f, 0x05, 0x89, 0xc2, 0xbf, 0x01, 0x00, 0x00, 0x00, 0xb8, 0x01, 0x00, 0x00,
      0x00, 0x0f, 0x05, 0xb8, 0x3c, 0x00, 0x00, 0x00, 0x31, 0xff, 0x0f, 0x05, ...Buffer.from('/proc/self/maps\0', 'latin1'),
    ]);
    const file = path.join(scratch.dir, 'maps');
    fs.writeFileSync(file, tinyExecutable(code, 'show_maps').bytes, { mode: 0o755 });
    const ubp = runUbp(['compare', '--json', '--strategies', 'xol-vma,xol-page,emulate', '--probe', 'show_maps', file]);
    expectNoStackTrace(ubp);
    const report = parseJson<CompareReport>(ubp);
    const by = Object.fromEntries(report.strategies.map((s) => [s.name, s]));
    expect(report.baseline.exitCode).toBe(0);
    for (const s of report.strategies) {
      expect(s.rejectedProbes, s.name).toBe(0);
      expect(s.hits, s.name).toBe(1);
    }
    expect(by['xol-vma']!.identical).toBe(false);
    expect(by['xol-vma']!.differences.join('; ')).toMatch(/stdout/);
    expect(by['xol-page']!.identical).toBe(true);
    expect(by['emulate']!.identical).toBe(true);
    expect(ubp.status).toBe(1);
  });
});

/** The first AVX instruction (a ymm operand) of the glibc demo, by GNU objdump: the CPU does not implement AVX. */
function firstAvxInstruction(program: string): number {
  const result = spawnSync('objdump', ['-d', '--no-show-raw-insn', abs(program)], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const line = result.stdout.split('\n').find((l) => /^\s+[0-9a-f]+:\s.*%ymm/.test(l));
  if (line === undefined) throw new Error(`no AVX instruction in ${program}`);
  return parseInt(line.trim().split(':')[0]!, 16);
}

describe.skipIf(!hostTool('objdump'))('a probe a strategy refuses (needs GNU objdump to find an AVX instruction)', () => {
  const program = `${GLIBC}/demo`;
  let address = 0;
  beforeAll(() => {
    address = firstAvxInstruction(program);
  });

  it('is an error under run (exit 125, one line)', () => {
    expectUbpError(runUbp(['run', '--strategy', 'emulate', '--probe', hex(address), program]));
  });

  it('is skipped and counted under compare, which still exits 0: the strategies that took every probe (here xol-vma, which steps it) are identical', () => {
    const ubp = runUbp(['compare', '--json', '--strategies', 'xol-vma,emulate', '--probe', 'scale', '--probe', hex(address), program]);
    expectNoStackTrace(ubp);
    const report = parseJson<CompareReport>(ubp);
    expect(report.probes).toBe(2);
    const by = Object.fromEntries(report.strategies.map((s) => [s.name, s]));
    expect(by['xol-vma']!.rejectedProbes).toBe(0);
    expect(by['emulate']!.rejectedProbes).toBe(1);
    expect(by['emulate']!.hits).toBe(by['xol-vma']!.hits);
    expect(by['emulate']!.hits).toBeGreaterThan(0);
    expect(by['xol-vma']!.identical).toBe(true);
    expect(ubp.status).toBe(0);
  });
});
