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
console.log(`ubp run on ${os.cpus()[0]?.model ?? 'this CPU'}, ${libc} builds${qemu ? '' : ' (qemu-x86_64 not installed: no comparison)'}`);
console.log(`${'program'.padEnd(14)}${pad('instructions', 14)}${pad('wall s', 9)}${pad('MIPS', 8)}${pad('peak MiB', 10)}${qemu ? pad('x qemu', 9) : ''}  output`);
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
