#!/usr/bin/env node
// `pnpm bench`: runs our compute-bound fixture programs under `ubp run` and prints, per program,
// guest instructions retired, wall seconds, MIPS, the host's peak memory, and where qemu-x86_64
// is installed, our time as a multiple of its time on the same binary. Figures, not assertions.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const ubp = path.join(repo, 'packages/cli/bin/ubp.js');
const manifest = JSON.parse(fs.readFileSync(path.join(repo, 'test/fixtures/fixtures.json'), 'utf8'));
const libc = process.env.UBP_BENCH_LIBC ?? 'musl';
const only = process.argv.slice(2);
const programs = manifest.filter((e) => e.bench === true && (only.length === 0 || only.includes(e.name)));
const probeBench = only.length === 0 || only.includes('probes');
const memoryBench = only.length === 0 || only.includes('memory');

function which(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

function timed(command, args) {
  const started = process.hrtime.bigint();
  const result = spawnSync(command, args, { maxBuffer: 64 << 20 });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { result, seconds };
}

const qemu = which('qemu-x86_64');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-bench-'));
const rows = [];
for (const entry of programs) {
  const binary = path.join(repo, 'test/fixtures/bin/x86-64', libc, entry.binary ?? entry.name);
  const statsFile = path.join(work, `${entry.name}.json`);
  const { result, seconds } = timed(process.execPath, [ubp, 'run', '--stats', statsFile, binary, ...entry.args]);
  if (result.status !== 0) {
    process.stderr.write(`${entry.name}: ubp run exited ${result.status}\n${result.stderr}`);
    process.exitCode = 1;
    continue;
  }
  const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
  const native = spawnSync(binary, entry.args, { maxBuffer: 64 << 20 });
  const same = Buffer.compare(native.stdout, result.stdout) === 0;
  const row = {
    program: entry.name,
    instructions: stats.guestInstructions,
    seconds,
    mips: stats.guestInstructions / (stats.wallMs / 1000) / 1e6,
    peakRssMiB: stats.hostPeakRssBytes / 2 ** 20,
    same,
  };
  if (qemu) row.qemu = timed('qemu-x86_64', [binary, ...entry.args]).seconds;
  rows.push(row);
}
fs.rmSync(work, { recursive: true, force: true });

const pad = (s, n) => String(s).padStart(n);
if (rows.length > 0) console.log(`ubp run on ${os.cpus()[0]?.model ?? 'this CPU'}, ${libc} builds${qemu ? '' : ' (qemu-x86_64 not installed: no comparison)'}`);
if (rows.length > 0) console.log(`${'program'.padEnd(14)}${pad('instructions', 14)}${pad('wall s', 9)}${pad('MIPS', 8)}${pad('peak MiB', 10)}${qemu ? pad('x qemu', 9) : ''}  output`);
for (const r of rows) {
  console.log(
    `${r.program.padEnd(14)}${pad(r.instructions.toLocaleString('en-US'), 14)}${pad(r.seconds.toFixed(2), 9)}${pad(r.mips.toFixed(1), 8)}${pad(r.peakRssMiB.toFixed(0), 10)}` +
      `${qemu ? pad((r.seconds / r.qemu).toFixed(1), 9) : ''}  ${r.same ? 'same as host' : 'DIFFERS'}`,
  );
}
if (rows.length > 0) {
  const geomean = Math.exp(rows.reduce((sum, r) => sum + Math.log(r.mips), 0) / rows.length);
  console.log(`geometric mean: ${geomean.toFixed(1)} MIPS`);
}

// The uprobe trigger benchmarks: hits per second of a probe on a function whose first
// instruction is a nop, a push or a ret, and a return probe, under every strategy.
const STRATEGIES = ['xol-vma', 'xol-page', 'emulate', 'xol-kernel', 'boosted', 'inline-hwbp'];
const CALLS = Number(process.env.UBP_BENCH_CALLS ?? 1_000_000);
/** Published Linux figures (Intel, nop5 series "after" column; ns per hit): ../shared/reference, docs/strategies.md. */
const LINUX_NS = { nop: 312, push: 329, ret: 911, 'ret-probe': 466 };
if (probeBench) {
  const binary = path.join(repo, 'test/fixtures/bin/x86-64', libc, 'bench_probe');
  const cases = [
    { name: 'nop', args: ['nop'], probe: ['--probe', 'uprobe_target_nop'] },
    { name: 'push', args: ['push'], probe: ['--probe', 'uprobe_target_push'] },
    { name: 'ret', args: ['ret'], probe: ['--probe', 'uprobe_target_ret'] },
    { name: 'ret-probe', args: ['nop'], probe: ['--event', 'r:bench/ret bench_probe:uprobe_target_nop'] },
  ];
  const work2 = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-bench-'));
  console.log('');
  console.log(`probe hits: ${CALLS.toLocaleString('en-US')} calls per run. Per strategy: M hits/s of wall time, modelled ns per call,`);
  console.log(`and that cost as a multiple of Linux's published figure for the case (nop 312, push 329, ret 911, ret-probe 466 ns)`);
  console.log(`${'case'.padEnd(11)}${STRATEGIES.map((s) => s.padStart(24)).join('')}`);
  for (const c of cases) {
    const cells = [];
    for (const strategy of STRATEGIES) {
      const statsFile = path.join(work2, `${c.name}-${strategy}.json`);
      const { result } = timed(process.execPath, [ubp, 'run', '--strategy', strategy, ...c.probe, '--stats', statsFile, binary, ...c.args, String(CALLS)]);
      if (result.status !== 0) {
        cells.push('failed'.padStart(24));
        process.stderr.write(`${c.name}/${strategy}: ${result.stderr}`);
        process.exitCode = 1;
        continue;
      }
      const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
      const hits = stats.counters.hits + stats.counters.returnHits;
      const perSecond = hits / (stats.wallMs / 1000) / 1e6;
      // A return probe is two hits per call (entry and return); Linux's figure is per call.
      const ns = (stats.counters.modelledNsPerHit * hits) / CALLS;
      cells.push(`${perSecond.toFixed(2)}M ${ns.toFixed(0).padStart(5)}ns x${(ns / LINUX_NS[c.name]).toFixed(2)}`.padStart(24));
    }
    console.log(`${c.name.padEnd(11)}${cells.join('')}`);
  }
  fs.rmSync(work2, { recursive: true, force: true });
}

// Memory scale: a guest that maps 4 GiB and touches 1 MiB of it, beside hello, which touches
// almost nothing: the guest's resident memory and the host's peak resident set of each run.
if (memoryBench) {
  const work3 = fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-bench-'));
  console.log('');
  console.log(`memory: guest pages materialised and the host's peak resident set, ${libc} builds`);
  console.log(`${'program'.padEnd(14)}${'guest MiB'.padStart(11)}${'host peak MiB'.padStart(15)}`);
  for (const name of ['hello', 'bench_sparse']) {
    const statsFile = path.join(work3, `${name}.json`);
    const { result } = timed(process.execPath, [ubp, 'run', '--stats', statsFile, path.join(repo, 'test/fixtures/bin/x86-64', libc, name)]);
    if (result.status !== 0) {
      process.stderr.write(`${name}: ubp run exited ${result.status}\n${result.stderr}`);
      process.exitCode = 1;
      continue;
    }
    const stats = JSON.parse(fs.readFileSync(statsFile, 'utf8'));
    console.log(`${name.padEnd(14)}${(stats.peakGuestBytes / 2 ** 20).toFixed(2).padStart(11)}${(stats.hostPeakRssBytes / 2 ** 20).toFixed(0).padStart(15)}`);
  }
  fs.rmSync(work3, { recursive: true, force: true });
}
