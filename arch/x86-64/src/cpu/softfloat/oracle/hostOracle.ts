import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Why the host cannot serve as the oracle here, or undefined when it can. */
export function hostOracleUnavailableReason(): string | undefined {
  if (process.platform !== 'linux' || process.arch !== 'x64') return `host is ${process.platform}/${process.arch}, not x86-64 Linux`;
  try {
    execFileSync('gcc', ['--version'], { stdio: 'ignore' });
  } catch {
    return 'gcc is not installed';
  }
  return undefined;
}

let binary: string | undefined;

function compiledOracle(): string {
  if (binary !== undefined) return binary;
  const directory = mkdtempSync(join(tmpdir(), 'x87oracle-'));
  const output = join(directory, 'x87oracle');
  const source = fileURLToPath(new URL('./x87oracle.c', import.meta.url));
  execFileSync('gcc', ['-O1', '-o', output, source], { stdio: ['ignore', 'ignore', 'pipe'] });
  process.once('exit', () => rmSync(directory, { recursive: true, force: true }));
  binary = output;
  return output;
}

/** Runs each line (`op control operands...`) on the real FPU; one output line per input line. */
export function runHostOracle(lines: readonly string[]): string[] {
  const output = execFileSync(compiledOracle(), [], { input: lines.join('\n') + '\n', maxBuffer: 256 * 1024 * 1024 });
  const results = output.toString('utf8').split('\n');
  results.length = lines.length;
  return results;
}

/** A describe title that says why the host comparison was skipped, when it was. */
export function hostSuiteTitle(title: string): string {
  const reason = hostOracleUnavailableReason();
  return reason === undefined ? `${title} against the host FPU` : `${title} against the host FPU (skipped: ${reason})`;
}
