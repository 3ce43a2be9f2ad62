import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('probeDemo.mjs', import.meta.url));
const DEMO = 'test/fixtures/bin/x86-64/musl/demo';

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout;
}

describe('the library example of the README', () => {
  const output = run(process.execPath, [EXAMPLE]);
  const native = run(`${ROOT}${DEMO}`, []);

  it('should be quoted in the README exactly as it is in the repository', () => {
    expect(fs.readFileSync(`${ROOT}README.md`, 'utf8')).toContain(fs.readFileSync(EXAMPLE, 'utf8'));
  });

  it('should see the values checksum returns, as the program prints them', () => {
    const printed = [...native.matchAll(/checksum\("[^"]+"\) = ([0-9a-f]{8})/g)].map((m) => Number.parseInt(m[1]!, 16).toString(16));
    expect(output).toContain(`checksum returned: ${printed.join(' ')}\n`);
  });

  it('should change classify(84) to 42 and leave the rest of the output alone', () => {
    const classify = /classify: 84 -> (-?\d+), 85 -> (-?\d+), 95 -> (-?\d+), sum over 1200 calls = (\d+)/;
    const [, was84, , , sum] = native.match(classify)!;
    // The sum loop calls classify(i * 7) for i < 1200: 84 once.
    const expected = native.replace(classify, (line) => line.replace(`84 -> ${was84}`, '84 -> 42').replace(`= ${sum}`, `= ${Number(sum) - Number(was84) + 42}`));
    expect(output.startsWith(expected)).toBe(true);
  });

  it('should count as many fib calls as the emulate strategy does', () => {
    const stats = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ubp-example-')), 'stats.json');
    run(process.execPath, ['packages/cli/bin/ubp.js', 'run', '--probe', 'fib', '--strategy', 'emulate', '--stats', stats, DEMO]);
    const hits = JSON.parse(fs.readFileSync(stats, 'utf8')).counters.hits as number;
    expect(output).toContain(`fib calls seen by the probe: ${hits}\n`);
  });
});
