import { spawn } from 'node:child_process';

export interface SpawnOptions {
  /** Bytes for the child's stdin (default: empty, never the test runner's own stdin). */
  readonly stdin?: string | Uint8Array;
  /** Kill the child after this long (default 60 s); a timeout is an error, not a result. */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  /** The child's argv[0] when it should differ from the file spawned. */
  readonly argv0?: string;
}

export interface CollectedRun {
  /** The exit status; null only if a signal killed the child. */
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: Buffer;
}

/** Runs a program without blocking, feeding its stdin and keeping every byte it writes. */
export function spawnCollected(file: string, args: readonly string[], options: SpawnOptions = {}): Promise<CollectedRun> {
  const timeout = options.timeoutMs ?? 60_000;
  const command = [file, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { cwd: options.cwd, env: options.env ?? process.env, argv0: options.argv0, stdio: 'pipe' });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command}: still running after ${timeout} ms`));
    }, timeout);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`${command}: ${error.message}`));
    });
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolve({ status, signal, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr) });
    });
    // The child may exit without reading its stdin: a closed pipe is not an error here.
    child.stdin.on('error', () => {});
    child.stdin.end(options.stdin ?? '');
  });
}
