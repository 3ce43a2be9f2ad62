import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const known = new Map<string, Uint8Array>();

function run(tool: string, args: readonly string[]): void {
  const r = spawnSync(tool, args, { encoding: 'utf8' });
  if (r.error !== undefined) throw new Error(`${tool} is needed to assemble test snippets: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${tool} failed:\n${r.stderr}`);
}

/**
 * The machine code of Intel-syntax assembly (GNU as, `.intel_syntax noprefix`; ';' or newlines
 * separate instructions), assembled at address 0: use labels for branches within the snippet.
 * Cached in memory and on disk by a hash of the source.
 */
export function assemble(source: string): Uint8Array {
  const cached = known.get(source);
  if (cached !== undefined) return cached;
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'ubp-isa', 'asm');
  mkdirSync(dir, { recursive: true });
  const bin = join(dir, `${hash}.bin`);
  if (!existsSync(bin)) {
    const work = join(dir, `${hash}.${process.pid}`);
    writeFileSync(`${work}.s`, `.intel_syntax noprefix\n${source.split(';').join('\n')}\n`);
    try {
      run('as', ['--64', '-o', `${work}.o`, `${work}.s`]);
      run('objcopy', ['-O', 'binary', '-j', '.text', `${work}.o`, `${work}.bin`]);
      renameSync(`${work}.bin`, bin);
    } finally {
      rmSync(`${work}.s`, { force: true });
      rmSync(`${work}.o`, { force: true });
    }
  }
  const code = new Uint8Array(readFileSync(bin));
  known.set(source, code);
  return code;
}
