// `ubp run` (docs/cli.md): the guest's stdio and exit status are the command's; a signal that
// kills the guest gives 128 + N and one line; --max-instructions gives 124 and one line; --stats
// writes the documented JSON. The oracle is the same static binary run on this x86-64 host.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runUbp } from '../support/runUbp.js';
import { abs, COUNTER_FIELDS, expectNoStackTrace, GLIBC, hex, hostTool, MUSL, runNative, signalNumber, tempDir, tinyExecutable } from './cliHarness.js';

const scratch = tempDir();
afterAll(() => scratch.remove());

const STDIN_WC = fs.readFileSync(abs('test/fixtures/input/stdin_wc.txt'));
/** argv_env's manifest environment (test/fixtures/fixtures.json), the complete environment. */
const FIXTURE_ENV = { UBP_FIXTURE: 'yes', EMPTY: '', LANG: 'C', HOME: '/home/fixture' };

interface Case {
  readonly name: string;
  readonly program: string;
  /** Arguments for the guest (after the program). */
  readonly args: readonly string[];
  /** ubp options before the program. */
  readonly options?: readonly string[];
  readonly stdin?: Uint8Array;
  /** ubp's own environment, which the guest inherits unless options change it. */
  readonly ubpEnv?: NodeJS.ProcessEnv;
  /** The environment of the native run. */
  readonly nativeEnv?: NodeJS.ProcessEnv;
}

const cases: Case[] = [
  // Options after the program are the guest's, as is an empty argument; `--` may end ubp's options.
  { name: 'hello (musl): arguments, including empty and option-like ones, after `--`', program: `${MUSL}/hello`, args: ['one', 'two words', '', '--probe', 'fib', '--', '--stats'], options: ['--'] },
  { name: 'hello (glibc): option-like arguments after the program', program: `${GLIBC}/hello`, args: ['--verbose', 'glibc', '--max-instructions', '1'] },
  { name: 'hello-pie (musl): a static PIE', program: `${MUSL}/hello-pie`, args: ['pie'] },
  { name: 'stdin_wc (musl): stdin passed through', program: `${MUSL}/stdin_wc`, args: [], stdin: STDIN_WC },
  { name: 'exit_code 42 (musl): the guest exit status', program: `${MUSL}/exit_code`, args: ['42'] },
  { name: 'exit_code 300 (musl): the status is truncated as by the kernel', program: `${MUSL}/exit_code`, args: ['300'] },
  {
    name: 'argv_env (musl): --clear-env and --env give the whole environment',
    program: `${MUSL}/argv_env`,
    args: ['first', 'with space', '', '--get', 'UBP_FIXTURE', 'EMPTY', 'MISSING'],
    options: ['--clear-env', ...Object.entries(FIXTURE_ENV).flatMap(([k, v]) => ['--env', `${k}=${v}`])],
    ubpEnv: { ...process.env, UBP_FIXTURE: 'not this one', MISSING: 'cleared' },
    nativeEnv: FIXTURE_ENV,
  },
  {
    name: "argv_env (musl): by default the guest gets ubp's environment, less --unset-env",
    program: `${MUSL}/argv_env`,
    args: ['--get', 'UBP_FIXTURE', 'MISSING'],
    options: ['--unset-env', 'MISSING'],
    ubpEnv: { ...FIXTURE_ENV, MISSING: 'unset by ubp' },
    nativeEnv: FIXTURE_ENV,
  },
];

describe('ubp run: the guest prints and exits as it does natively', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    const native = runNative(c.program, c.args, { stdin: c.stdin ?? new Uint8Array(), env: c.nativeEnv ?? c.ubpEnv ?? process.env });
    expect(native.signal).toBeNull();
    const ubp = runUbp(['run', ...(c.options ?? []), c.program, ...c.args], { stdin: c.stdin ?? new Uint8Array(), env: c.ubpEnv ?? process.env });
    expectNoStackTrace(ubp);
    expect(ubp.stdout).toBe(native.stdout.toString('utf8'));
    expect(ubp.stdoutBytes.equals(native.stdout)).toBe(true);
    expect(ubp.stderr).toBe(native.stderr.toString('utf8'));
    expect(ubp.status).toBe(native.status);
  });
});

const STATS_FIELDS = ['exitCode', 'signal', 'guestInstructions', 'wallMs', 'syscalls', 'peakGuestBytes', 'hostPeakRssBytes', 'strategy', 'probes', 'counters'];
const SWITCH_FIELDS = ['total', 'userToKernel', 'kernelToUser', 'kernelToIntermediate', 'intermediateToKernel'];

interface Stats {
  exitCode: number;
  signal: number | null;
  guestInstructions: number;
  wallMs: number;
  syscalls: Record<string, number>;
  peakGuestBytes: number;
  hostPeakRssBytes: number;
  strategy: string | null;
  probes: unknown[];
  counters: Record<string, unknown> & { privilegeSwitches: Record<string, number> };
}

/** `ubp run --stats` of the demo without probes, run once for the tests that need it. */
let demoStatsCache: Stats | undefined;
function demoStats(): Stats {
  if (demoStatsCache === undefined) {
    const file = path.join(scratch.dir, 'demo.json');
    const ubp = runUbp(['run', '--stats', file, `${MUSL}/demo`]);
    expectNoStackTrace(ubp);
    expect(ubp.status).toBe(0);
    expect(ubp.stdout).toBe(runNative(`${MUSL}/demo`).stdout.toString('utf8'));
    demoStatsCache = JSON.parse(fs.readFileSync(file, 'utf8')) as Stats;
  }
  return demoStatsCache;
}

describe('ubp run: a guest killed by a signal', () => {
  it('exits 128 + N with one line naming the signal when the guest aborts (exit_code abort)', () => {
    const native = runNative(`${MUSL}/exit_code`, ['abort']);
    expect(native.signal).toBe('SIGABRT');
    const statsFile = path.join(scratch.dir, 'abort.json');
    const ubp = runUbp(['run', '--stats', statsFile, `${MUSL}/exit_code`, 'abort']);
    expectNoStackTrace(ubp);
    const sigabrt = signalNumber('SIGABRT');
    expect(ubp.status).toBe(128 + sigabrt);
    expect(ubp.stdout).toBe(native.stdout.toString('utf8'));
    // What the guest wrote to stderr (nothing), then ubp's one line.
    expect(ubp.stderr.startsWith(native.stderr.toString('utf8'))).toBe(true);
    const own = ubp.stderr.slice(native.stderr.length);
    expect(own).toMatch(/^ubp: guest killed by SIGABRT(?=[ :\n])[^\n]*\n$/);
    // --stats records the signal, and the same status.
    const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8')) as Stats;
    expect(stats.signal).toBe(sigabrt);
    expect(stats.exitCode).toBe(128 + sigabrt);
  });

  it('names the instruction and the faulting access for a SIGSEGV, as docs/cli.md shows', () => {
    // xor eax,eax; mov [0x10],eax; then exit(0) in case the store does not fault.
    const code = Uint8Array.from([0x31, 0xc0, 0x89, 0x04, 0x25, 0x10, 0x00, 0x00, 0x00, 0xb8, 0x3c, 0x00, 0x00, 0x00, 0x31, 0xff, 0x0f, 0x05]);
    const { bytes, entry } = tinyExecutable(code, 'crash');
    const file = path.join(scratch.dir, 'crash');
    fs.writeFileSync(file, bytes, { mode: 0o755 });
    const native = spawnSync(file, [], { input: '' });
    expect(native.signal).toBe('SIGSEGV');
    const ubp = runUbp(['run', file]);
    expectNoStackTrace(ubp);
    expect(ubp.stdout).toBe('');
    expect(ubp.status).toBe(128 + signalNumber('SIGSEGV'));
    expect(ubp.stderr).toBe(`ubp: guest killed by SIGSEGV at ${hex(entry + 2)} (crash+0x2): write of unmapped address 0x10\n`);
  });
});

describe('ubp run --max-instructions', () => {
  it('stops a guest that needs more, with exit 124 and one line, after the output it had flushed', () => {
    const needed = demoStats().guestInstructions;
    expect(needed).toBeGreaterThan(1000);
    const native = runNative(`${MUSL}/demo`);
    const ubp = runUbp(['run', '--max-instructions', String(Math.floor(needed / 2)), `${MUSL}/demo`]);
    expectNoStackTrace(ubp);
    expect(ubp.status).toBe(124);
    expect(ubp.stderr).toMatch(/^ubp: [^\n]+\n$/);
    expect(ubp.stderr).toContain(String(Math.floor(needed / 2)));
    expect(native.stdout.toString('utf8').startsWith(ubp.stdout)).toBe(true);
    expect(ubp.stdout.length).toBeLessThan(native.stdout.length);
  });
});

/** The system calls a native run makes, by name, as strace sees them (execve is the loader's, not the guest's). */
function nativeSyscalls(program: string, args: readonly string[]): Record<string, number> {
  const log = path.join(scratch.dir, `strace-${path.basename(program)}.txt`);
  const result = spawnSync('strace', ['-o', log, abs(program), ...args], { input: '', cwd: abs('.') });
  if (result.error !== undefined) throw result.error;
  const counts: Record<string, number> = {};
  for (const line of fs.readFileSync(log, 'utf8').split('\n')) {
    const m = /^([a-z_0-9]+)\(/.exec(line);
    if (m === null || m[1] === 'execve') continue;
    counts[m[1]!] = (counts[m[1]!] ?? 0) + 1;
  }
  return counts;
}

describe('ubp run --stats FILE', () => {
  const load = demoStats;

  it('writes one JSON object with exactly the documented fields', () => {
    const s = load();
    expect(Object.keys(s).sort()).toEqual([...STATS_FIELDS].sort());
    expect(Object.keys(s.counters).sort()).toEqual([...COUNTER_FIELDS].sort());
    expect(Object.keys(s.counters.privilegeSwitches).sort()).toEqual([...SWITCH_FIELDS].sort());
  });

  it('reports the exit, the work and the memory of an unprobed run', () => {
    const s = load();
    expect(s.exitCode).toBe(0);
    expect(s.signal).toBeNull();
    expect(Number.isInteger(s.guestInstructions) && s.guestInstructions > 0).toBe(true);
    expect(typeof s.wallMs === 'number' && s.wallMs >= 0).toBe(true);
    expect(Number.isInteger(s.peakGuestBytes) && s.peakGuestBytes > 0).toBe(true);
    expect(Number.isInteger(s.hostPeakRssBytes) && s.hostPeakRssBytes > 0).toBe(true);
    expect(s.syscalls['exit_group']).toBe(1);
    for (const n of Object.values(s.syscalls)) expect(Number.isInteger(n) && n > 0).toBe(true);
    // No probe placed: no strategy, no probes, every counter zero.
    expect(s.strategy).toBeNull();
    expect(s.probes).toEqual([]);
    for (const [name, value] of Object.entries(s.counters)) {
      if (name === 'privilegeSwitches') for (const v of Object.values(value as Record<string, number>)) expect(v).toBe(0);
      else expect(value, name).toBe(0);
    }
  });

  it.skipIf(!hostTool('strace', ['-o', '/dev/null', 'true']))('counts the system calls strace sees in a native run (needs strace)', () => {
    expect(load().syscalls).toEqual(nativeSyscalls(`${MUSL}/demo`, []));
  });

  it.skipIf(!hostTool('valgrind', ['--version']))('counts about the instructions callgrind counts natively (needs valgrind)', () => {
    const out = path.join(scratch.dir, 'callgrind.out');
    const result = spawnSync('valgrind', ['--tool=callgrind', `--callgrind-out-file=${out}`, abs(`${MUSL}/demo`)], { input: '', encoding: 'utf8' });
    const refs = /I\s+refs:\s+([\d,]+)/.exec(result.stderr);
    expect(refs, result.stderr).not.toBeNull();
    const native = Number(refs![1]!.replace(/,/g, ''));
    // Not equal by design (rep-prefixed instructions, the loader), but the same work to within 1%.
    expect(Math.abs(load().guestInstructions - native) / native).toBeLessThan(0.01);
  });
});
